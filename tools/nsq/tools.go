//go:build tools

// Package tools pins the NSQ release whose daemons bin/run and the tests start.
package tools

import (
	_ "github.com/nsqio/nsq/apps/nsqadmin"
	_ "github.com/nsqio/nsq/apps/nsqd"
	_ "github.com/nsqio/nsq/apps/nsqlookupd"
)
