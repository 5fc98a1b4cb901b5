package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// machine describes where a run happened: figures only compare on like machines, and a
// busy machine (the load average) slows every row.
type machine struct {
	Date    string
	CPU     string
	CPUs    int
	Memory  string
	Go      string
	LoadAvg string
}

// describeMachine reads what Linux says about the machine; anything it cannot read is
// "unknown", never an error, since the benchmark runs without it.
func describeMachine() machine {
	return machine{
		Date:    time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		CPU:     procField("/proc/cpuinfo", "model name"),
		CPUs:    runtime.NumCPU(),
		Memory:  memTotal(),
		Go:      runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH,
		LoadAvg: loadAverage(),
	}
}

// procField returns the value of the first "key: value" line of a /proc file.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// memTotal returns the machine's memory in GiB.
func memTotal() string {
	var kb int64
	if _, err := fmt.Sscanf(procField("/proc/meminfo", "MemTotal"), "%d kB", &kb); err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
}

// loadAverage returns the 1-minute load average.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "unknown"
}

func (m machine) String() string {
	return fmt.Sprintf("%s, %d CPUs (nproc), %s memory, %s; load average %s at the start", m.CPU, m.CPUs, m.Memory, m.Go, m.LoadAvg)
}
