package chat

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// DefaultFeedbackMaxBytes bounds a feedback file when no bound is given: past it, the
// file is compacted to the standing votes.
const DefaultFeedbackMaxBytes = 16 << 20

// maxFeedbackLine bounds one line of a feedback file; a longer one is not a vote of ours.
const maxFeedbackLine = 1 << 20

// FeedbackFile is a FeedbackStore in an append-only JSON Lines file, one vote a line.
// Every vote is appended in one write and synced to disk before Record returns, so a
// crash loses no recorded vote; a line torn by a crash mid-write is skipped when the file
// is read. When the file grows past its bound it is compacted: the standing votes are
// written to a new file that replaces it atomically, and if they alone fill half the
// bound, the answers voted on longest ago are dropped. One process writes a file at a
// time; several replicas need a shared store instead.
type FeedbackFile struct {
	path     string
	maxBytes int64

	mu      sync.Mutex
	f       *os.File
	size    int64
	seq     int64
	votes   map[voteKey]fileVote
	tallies map[string]Tally
	latest  map[string]FeedbackRecord // the latest vote on each answer
	// Skipped counts the lines that could not be read when the file was opened.
	skipped int
}

// voteKey names one user's vote on one answer.
type voteKey struct{ answer, user string }

// fileVote is a standing vote and its position in the order recorded.
type fileVote struct {
	FeedbackRecord
	seq int64
}

// OpenFeedbackFile opens (creating it if need be) the feedback file at path and reads
// the votes in it. maxBytes bounds the file (DefaultFeedbackMaxBytes when <= 0).
func OpenFeedbackFile(path string, maxBytes int64) (*FeedbackFile, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultFeedbackMaxBytes
	}
	s := &FeedbackFile{path: path, maxBytes: maxBytes, votes: map[voteKey]fileVote{}, tallies: map[string]Tally{}, latest: map[string]FeedbackRecord{}}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open feedback file: %w", err)
	}
	records, skipped, tornEnd, err := readFeedback(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("read feedback file %s: %w", path, err)
	}
	s.skipped = skipped
	for _, r := range records {
		s.apply(r)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("feedback file: %w", err)
	}
	s.f, s.size = f, info.Size()
	if tornEnd {
		// Close off the torn line so the next vote starts a line of its own.
		if err := s.append([]byte("\n")); err != nil {
			f.Close()
			return nil, err
		}
	}
	return s, nil
}

// ReadFeedbackFile returns the standing votes of the feedback file at path, oldest first,
// and how many lines could not be read, without changing the file.
func ReadFeedbackFile(path string) (votes []FeedbackRecord, skipped int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("open feedback file: %w", err)
	}
	defer f.Close()
	records, skipped, _, err := readFeedback(f)
	if err != nil {
		return nil, skipped, fmt.Errorf("read feedback file %s: %w", path, err)
	}
	s := &FeedbackFile{votes: map[voteKey]fileVote{}, tallies: map[string]Tally{}, latest: map[string]FeedbackRecord{}}
	for _, r := range records {
		s.apply(r)
	}
	return s.standing(), skipped, nil
}

// readFeedback reads every vote of r; lines that are not votes are counted in skipped.
// tornEnd is true when the last line has no line break (a write cut short).
func readFeedback(r io.Reader) (records []FeedbackRecord, skipped int, tornEnd bool, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadSlice('\n')
		long := false
		for errors.Is(err, bufio.ErrBufferFull) {
			// A line longer than the buffer: not a vote of ours; skip the rest of it.
			long = true
			_, err = br.ReadSlice('\n')
		}
		if len(line) > 0 || long {
			tornEnd = err != nil && !long && !bytes.HasSuffix(line, []byte("\n"))
			var rec FeedbackRecord
			switch {
			case long || len(line) > maxFeedbackLine:
				skipped++
			case len(bytes.TrimSpace(line)) == 0:
			case json.Unmarshal(line, &rec) != nil || !rec.Vote.Valid() || rec.Answer == "" || rec.User == "":
				skipped++
			default:
				records = append(records, rec)
			}
		}
		if errors.Is(err, io.EOF) {
			return records, skipped, tornEnd, nil
		}
		if err != nil {
			return records, skipped, tornEnd, err
		}
	}
}

// apply makes r the standing vote of its user on its answer.
func (s *FeedbackFile) apply(r FeedbackRecord) {
	k := voteKey{r.Answer, r.User}
	t := s.tallies[r.Answer]
	if old, ok := s.votes[k]; ok {
		t = untally(t, old.Vote)
	}
	s.seq++
	s.votes[k] = fileVote{r, s.seq}
	s.tallies[r.Answer] = t.Count(r.Vote)
	s.latest[r.Answer] = r
}

func untally(t Tally, v Vote) Tally {
	if v == VoteUp {
		t.Up--
	} else {
		t.Down--
	}
	return t
}

// Record appends r to the file and syncs it. A vote the same as the user's standing one
// changes nothing and writes nothing.
func (s *FeedbackFile) Record(ctx context.Context, r FeedbackRecord) (Tally, error) {
	if err := ctx.Err(); err != nil {
		return Tally{}, err
	}
	if err := r.Check(); err != nil {
		return Tally{}, err
	}
	if r.Citations == nil {
		r.Citations = []Span{}
	}
	line, err := json.Marshal(r)
	if err != nil {
		return Tally{}, fmt.Errorf("encode vote: %w", err)
	}
	line = append(line, '\n')
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return Tally{}, errors.New("feedback file is closed")
	}
	if old, ok := s.votes[voteKey{r.Answer, r.User}]; ok && old.Vote == r.Vote {
		return s.tallies[r.Answer], nil
	}
	if err := s.append(line); err != nil {
		return Tally{}, err
	}
	s.apply(r)
	if s.size > s.maxBytes {
		if err := s.compact(); err != nil {
			// The vote is on disk; the file is only larger than it should be.
			return s.tallies[r.Answer], fmt.Errorf("vote recorded, but %w", err)
		}
	}
	return s.tallies[r.Answer], nil
}

// append writes b at the end of the file in one write and syncs it; a write cut short is
// cut off again, so no torn line stays behind.
func (s *FeedbackFile) append(b []byte) error {
	n, err := s.f.Write(b)
	if err == nil {
		err = s.f.Sync()
	}
	if err != nil {
		if n > 0 {
			_ = s.f.Truncate(s.size)
		}
		return fmt.Errorf("write feedback file: %w", err)
	}
	s.size += int64(n)
	return nil
}

// compact replaces the file with one holding only the standing votes, dropping the
// answers voted on longest ago while those fill more than half the bound.
func (s *FeedbackFile) compact() error {
	votes := s.standing()
	var buf bytes.Buffer
	lines := make([][]byte, len(votes))
	total := 0
	for i, v := range votes {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("compact feedback file: %w", err)
		}
		lines[i] = append(b, '\n')
		total += len(lines[i])
	}
	// Drop whole answers, the longest untouched first, until the rest fits half the bound.
	drop := map[string]bool{}
	if int64(total) > s.maxBytes/2 {
		last := map[string]int{}
		for i, v := range votes {
			last[v.Answer] = i
		}
		answers := make([]string, 0, len(last))
		for a := range last {
			answers = append(answers, a)
		}
		sort.Slice(answers, func(i, j int) bool { return last[answers[i]] < last[answers[j]] })
		size := map[string]int{}
		for i, v := range votes {
			size[v.Answer] += len(lines[i])
		}
		for _, a := range answers {
			if int64(total) <= s.maxBytes/2 {
				break
			}
			drop[a] = true
			total -= size[a]
		}
	}
	for i, v := range votes {
		if !drop[v.Answer] {
			buf.Write(lines[i])
		}
	}
	tmp := s.path + ".tmp"
	if err := writeSynced(tmp, buf.Bytes()); err != nil {
		return fmt.Errorf("compact feedback file: %w", err)
	}
	if err := os.Rename(tmp, s.path); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("compact feedback file: %w", err)
	}
	syncDir(filepath.Dir(s.path))
	f, err := os.OpenFile(s.path, os.O_RDWR|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("reopen feedback file: %w", err)
	}
	_ = s.f.Close()
	s.f, s.size = f, int64(buf.Len())
	for k, v := range s.votes {
		if drop[k.answer] {
			delete(s.votes, k)
			delete(s.tallies, v.Answer)
			delete(s.latest, v.Answer)
		}
	}
	return nil
}

// writeSynced writes b to a new file at path and syncs it.
func writeSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable, where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// standing returns the standing votes in the order recorded.
func (s *FeedbackFile) standing() []FeedbackRecord {
	all := make([]fileVote, 0, len(s.votes))
	for _, v := range s.votes {
		all = append(all, v)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
	out := make([]FeedbackRecord, len(all))
	for i, v := range all {
		out[i] = v.FeedbackRecord
	}
	return out
}

// Lookup returns the latest vote on answer id.
func (s *FeedbackFile) Lookup(_ context.Context, id string) (FeedbackRecord, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.latest[id]
	return r, ok, nil
}

// Votes returns the standing votes, oldest first.
func (s *FeedbackFile) Votes(context.Context) ([]FeedbackRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.standing(), nil
}

// Skipped returns how many lines of the file could not be read when it was opened.
func (s *FeedbackFile) Skipped() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.skipped
}

// Close closes the file; Record fails after it.
func (s *FeedbackFile) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}
