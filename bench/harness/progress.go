package harness

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Progress draws a one-line progress bar (what runs now, how many runs are
// left, the time elapsed) on a terminal, redrawn in place. A nil *Progress
// draws nothing: "jitvm bench" makes one only when stderr is a terminal.
type Progress struct {
	w     io.Writer
	width int // the terminal's columns: the line is clipped to fit

	mu              sync.Mutex
	total, done     int
	program, config string
	what            string // "run 2/5", "warm-up 1/1"
	started         time.Time
	stop            chan struct{}
	wg              sync.WaitGroup
	now             func() time.Time
}

// NewProgress draws on w, a terminal width columns wide (0: 80).
func NewProgress(w io.Writer, width int) *Progress {
	if width <= 0 {
		width = 80
	}
	return &Progress{w: w, width: width, now: time.Now}
}

func (p *Progress) start(total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.total, p.started = total, p.now()
	p.stop = make(chan struct{})
	p.mu.Unlock()
	p.wg.Add(1)
	go func() { // the elapsed time moves during a long run
		defer p.wg.Done()
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.mu.Lock()
				p.draw()
				p.mu.Unlock()
			}
		}
	}()
}

// set says what runs now: config on program, at step ("run 2/5").
func (p *Progress) set(program, config, step string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.program, p.config, p.what = program, config, step
	p.draw()
}

// step counts one run done.
func (p *Progress) step() { p.skip(1) }

// skip counts n runs done (or given up).
func (p *Progress) skip(n int) {
	if p == nil || n <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = min(p.done+n, p.total)
	p.draw()
}

// finish stops redrawing and clears the line.
func (p *Progress) finish() {
	if p == nil || p.stop == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r\x1b[K")
	p.stop = nil
}

// line is the progress line, without the carriage return.
func (p *Progress) line() string {
	const barWidth = 12
	filled := 0
	if p.total > 0 {
		filled = barWidth * p.done / p.total
	}
	elapsed := p.now().Sub(p.started)
	var b strings.Builder
	fmt.Fprintf(&b, "[%s%s] %d/%d runs, %s", strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled), p.done, p.total, fmtElapsed(elapsed))
	if p.done > 0 && p.done < p.total {
		left := time.Duration(float64(elapsed) / float64(p.done) * float64(p.total-p.done))
		fmt.Fprintf(&b, ", ~%s left", fmtElapsed(left))
	}
	if p.program != "" {
		fmt.Fprintf(&b, ": %s %s", p.program, p.config)
		if p.what != "" {
			fmt.Fprintf(&b, " %s", p.what)
		}
	}
	s := b.String()
	if len(s) > p.width-1 {
		s = s[:p.width-1]
	}
	return s
}

func (p *Progress) draw() {
	if p.stop == nil {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K"+p.line())
}

func fmtElapsed(d time.Duration) string {
	d = d.Round(time.Second)
	if d < time.Minute {
		return fmt.Sprintf("%ds", int(d.Seconds()))
	}
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}
