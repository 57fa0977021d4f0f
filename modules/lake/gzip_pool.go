package lake

import (
	"bytes"
	"compress/gzip"
	"sync"
)

// compressionLevel trades CPU for bytes. Scraped catalog JSON and HTML is
// repetitive enough that BestSpeed already shrinks it several-fold, at
// several times DefaultCompression's throughput (BenchmarkPutRaw and
// BenchmarkGzipLevel measure both); storage is cheap, scrape workers are not.
const compressionLevel = gzip.BestSpeed

// maxPooledBuffer caps the buffer a compressor keeps between uses, so one
// unusually large page does not pin its memory for the life of the process.
const maxPooledBuffer = 4 << 20

// compressor is a reusable gzip writer with the buffer it writes into. A
// gzip.Writer holds about 800 KB of deflate state, which is why it is pooled
// rather than built per page.
type compressor struct {
	buf bytes.Buffer
	zw  *gzip.Writer
}

// compressorPool hands out compressors; it is safe for concurrent use.
type compressorPool struct {
	pool *sync.Pool
}

func newCompressorPool(level int) compressorPool {
	return compressorPool{pool: &sync.Pool{New: func() any {
		c := new(compressor)
		// NewWriterLevel fails only for a level outside [-2, 9], which a
		// constant from compress/gzip never is; the fallback is never taken.
		zw, err := gzip.NewWriterLevel(&c.buf, level)
		if err != nil {
			zw = gzip.NewWriter(&c.buf)
		}
		c.zw = zw
		return c
	}}}
}

// compress gzips body and calls use with the compressed bytes, which are
// valid only during the call.
func (p compressorPool) compress(body []byte, use func(gz []byte) error) error {
	c := p.pool.Get().(*compressor)
	defer p.put(c)
	c.buf.Reset()
	c.zw.Reset(&c.buf)
	if _, err := c.zw.Write(body); err != nil {
		return err
	}
	if err := c.zw.Close(); err != nil {
		return err
	}
	return use(c.buf.Bytes())
}

func (p compressorPool) put(c *compressor) {
	if c.buf.Cap() > maxPooledBuffer {
		return
	}
	p.pool.Put(c)
}
