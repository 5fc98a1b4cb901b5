//go:build !unix

package main

import "time"

// cpuTime is unknown off Unix.
func cpuTime() time.Duration { return 0 }
