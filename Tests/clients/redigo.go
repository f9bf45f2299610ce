// redigo (Debian's golang-github-gomodule-redigo-dev, built with Debian's Go), used as a
// Go service does: a redis.Pool shared by goroutines, Send/Flush/Receive pipelines, TTLs,
// counters, hashes, sorted sets, lists, WATCH/MULTI retries, and a PubSubConn.
// Speaks the check protocol of Tests/clients/README.md.
package main

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"sync"
	"time"

	"github.com/gomodule/redigo/redis"
)

const prefix = "go:"

var sectionName = "-"
var failed = 0

func check(name string, ok bool, detail string) {
	if ok {
		fmt.Printf("ok %s %s\n", sectionName, name)
	} else {
		failed++
		fmt.Printf("not ok %s %s: %s\n", sectionName, name, detail)
	}
}

// equal compares a converted reply; a non-nil err fails the check with its text.
func equal(name string, got interface{}, err error, want interface{}) {
	if err != nil {
		check(name, false, "error: "+err.Error())
		return
	}
	check(name, reflect.DeepEqual(got, want), fmt.Sprintf("got %#v, want %#v", got, want))
}

func within(name string, got int, err error, low, high int) {
	check(name, err == nil && got >= low && got <= high, fmt.Sprintf("got %d (%v), want %d..%d", got, err, low, high))
}

func key(name string) string { return prefix + name }

func newPool(address string) *redis.Pool {
	return &redis.Pool{
		MaxIdle:     4,
		MaxActive:   4,
		Wait:        true,
		IdleTimeout: time.Minute,
		Dial: func() (redis.Conn, error) {
			return redis.Dial("tcp", address, redis.DialConnectTimeout(10*time.Second),
				redis.DialReadTimeout(10*time.Second), redis.DialWriteTimeout(10*time.Second))
		},
	}
}

func connection(c redis.Conn) {
	sectionName = "connection"
	pong, err := redis.String(c.Do("PING"))
	equal("PING", pong, err, "PONG")
	// Leftovers of an earlier run: SCAN MATCH, then DEL.
	cursor := 0
	for {
		values, err := redis.Values(c.Do("SCAN", cursor, "MATCH", prefix+"*", "COUNT", 100))
		if err != nil {
			check("SCAN", false, err.Error())
			return
		}
		cursor, _ = redis.Int(values[0], nil)
		keys, _ := redis.Strings(values[1], nil)
		for _, k := range keys {
			c.Do("DEL", k)
		}
		if cursor == 0 {
			break
		}
	}
	keys, err := redis.Strings(c.Do("KEYS", prefix+"*"))
	equal("no keys left under the prefix", keys, err, []string{})
}

func strings(c redis.Conn) {
	sectionName = "strings"
	ok, err := redis.String(c.Do("SET", key("token"), "abc", "EX", 45))
	equal("SET EX", ok, err, "OK")
	s, err := redis.String(c.Do("GET", key("token")))
	equal("GET", s, err, "abc")
	ttl, err := redis.Int(c.Do("TTL", key("token")))
	within("TTL after SET EX", ttl, err, 40, 45)
	c.Do("SET", key("rate"), 0)
	n, err := redis.Int(c.Do("EXPIRE", key("rate"), 60))
	equal("EXPIRE", n, err, 1)
	ttl, err = redis.Int(c.Do("TTL", key("rate")))
	within("TTL after EXPIRE", ttl, err, 55, 60)
	n, err = redis.Int(c.Do("INCR", key("rate")))
	equal("INCR keeps the TTL", n, err, 1)
	ttl, err = redis.Int(c.Do("TTL", key("rate")))
	within("TTL after INCR", ttl, err, 55, 60)
	n, err = redis.Int(c.Do("INCRBY", key("rate"), 9))
	equal("INCRBY", n, err, 10)
	_, err = redis.String(c.Do("GET", key("missing")))
	check("GET of a missing key is ErrNil", err == redis.ErrNil, fmt.Sprint(err))
	many, err := redis.Strings(c.Do("MGET", key("token"), key("rate")))
	equal("MGET", many, err, []string{"abc", "10"})
}

type profile struct {
	Name   string `redis:"name"`
	Visits int    `redis:"visits"`
}

func hashes(c redis.Conn) {
	sectionName = "hashes"
	n, err := redis.Int(c.Do("HSET", redis.Args{}.Add(key("profile")).AddFlat(&profile{"linus", 1})...))
	equal("HSET from a struct", n, err, 2)
	n, err = redis.Int(c.Do("HINCRBY", key("profile"), "visits", 6))
	equal("HINCRBY", n, err, 7)
	values, err := redis.Values(c.Do("HGETALL", key("profile")))
	var p profile
	if err == nil {
		err = redis.ScanStruct(values, &p)
	}
	equal("HGETALL into a struct", p, err, profile{"linus", 7})
	m, err := redis.StringMap(c.Do("HGETALL", key("profile")))
	equal("HGETALL as a map", m, err, map[string]string{"name": "linus", "visits": "7"})
}

func sortedSets(c redis.Conn) {
	sectionName = "sorted-sets"
	n, err := redis.Int(c.Do("ZADD", key("rank"), 5, "go", 3, "rust", 8, "zig"))
	equal("ZADD", n, err, 3)
	values, err := redis.Strings(c.Do("ZRANGE", key("rank"), 0, -1, "WITHSCORES"))
	equal("ZRANGE WITHSCORES", values, err, []string{"rust", "3", "go", "5", "zig", "8"})
	f, err := redis.Float64(c.Do("ZINCRBY", key("rank"), 0.5, "rust"))
	equal("ZINCRBY", f, err, 3.5)
	n, err = redis.Int(c.Do("ZRANK", key("rank"), "zig"))
	equal("ZRANK", n, err, 2)
	_, err = redis.Int(c.Do("ZRANK", key("rank"), "cobol"))
	check("ZRANK of a missing member is ErrNil", err == redis.ErrNil, fmt.Sprint(err))
	n, err = redis.Int(c.Do("ZCOUNT", key("rank"), 4, "+inf"))
	equal("ZCOUNT", n, err, 2)
}

func lists(c redis.Conn) {
	sectionName = "lists"
	n, err := redis.Int(c.Do("RPUSH", key("tasks"), "t1", "t2", "t3"))
	equal("RPUSH", n, err, 3)
	values, err := redis.Strings(c.Do("LRANGE", key("tasks"), 0, -1))
	equal("LRANGE", values, err, []string{"t1", "t2", "t3"})
	s, err := redis.String(c.Do("LPOP", key("tasks")))
	equal("LPOP", s, err, "t1")
	n, err = redis.Int(c.Do("LLEN", key("tasks")))
	equal("LLEN", n, err, 2)
}

func pipeline(c redis.Conn) {
	sectionName = "pipeline"
	for i := 0; i < 100; i++ {
		c.Send("SET", fmt.Sprintf("%sp:%d", prefix, i), i, "EX", 300)
	}
	for i := 0; i < 100; i++ {
		c.Send("GET", fmt.Sprintf("%sp:%d", prefix, i))
	}
	err := c.Flush()
	setsOK, getsOK := 0, 0
	for i := 0; i < 200 && err == nil; i++ {
		var reply interface{}
		reply, err = c.Receive()
		if s, _ := redis.String(reply, err); i < 100 && s == "OK" || i >= 100 && s == fmt.Sprint(i-100) {
			if i < 100 {
				setsOK++
			} else {
				getsOK++
			}
		}
	}
	equal("100 SET EX replies", setsOK, err, 100)
	equal("100 GET replies in order", getsOK, err, 100)
}

func poolWorkers(pool *redis.Pool, c redis.Conn) {
	sectionName = "pool"
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				conn := pool.Get()
				conn.Do("INCR", key("hits"))
				conn.Close()
			}
			conn := pool.Get()
			conn.Do("SET", fmt.Sprintf("%sworker:%d", prefix, w), w, "EX", 60)
			conn.Close()
		}(w)
	}
	wg.Wait()
	n, err := redis.Int(c.Do("GET", key("hits")))
	equal("200 INCRs from 8 goroutines over 4 connections", n, err, 200)
	values, err := redis.Ints(c.Do("MGET", redis.Args{}.AddFlat(workerKeys())...))
	equal("every worker's key", values, err, []int{0, 1, 2, 3, 4, 5, 6, 7})
	check("pool kept its bound", pool.Stats().ActiveCount <= 4, fmt.Sprint(pool.Stats()))
}

// server covers what ops code and health checks call: INFO, CLIENT, CONFIG GET, another
// database chosen at dial time.
func server(address string, c redis.Conn) {
	sectionName = "server"
	info, err := redis.String(c.Do("INFO", "server"))
	check("INFO has redis_version", err == nil && regexp.MustCompile(`(?m)^redis_version:`).MatchString(info), fmt.Sprint(err))
	named, err := redis.Dial("tcp", address, redis.DialDatabase(3), redis.DialClientName("matrix-go"))
	if err != nil {
		check("dial with a database and a client name", false, err.Error())
		return
	}
	defer named.Close()
	name, err := redis.String(named.Do("CLIENT", "GETNAME"))
	equal("CLIENT GETNAME after DialClientName", name, err, "matrix-go")
	ok, err := redis.String(named.Do("SET", key("db3"), "x", "PX", 100))
	equal("SET PX in db 3", ok, err, "OK")
	n, err := redis.Int(c.Do("EXISTS", key("db3")))
	equal("db 3 key not in db 0", n, err, 0)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if n, _ := redis.Int(named.Do("EXISTS", key("db3"))); n == 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	reply, err := named.Do("GET", key("db3"))
	equal("a PX 100 key expires", reply, err, nil)
	config, err := redis.StringMap(c.Do("CONFIG", "GET", "maxmemory"))
	_, found := config["maxmemory"]
	check("CONFIG GET maxmemory", err == nil && found, fmt.Sprint(config, err))
}

func workerKeys() []string {
	keys := []string{}
	for w := 0; w < 8; w++ {
		keys = append(keys, fmt.Sprintf("%sworker:%d", prefix, w))
	}
	return keys
}

// increment is redigo's documented optimistic-lock pattern: WATCH, GET, MULTI, SET, EXEC,
// and again when EXEC answers nil because another client wrote the key.
func increment(conn redis.Conn) error {
	for {
		if _, err := conn.Do("WATCH", key("acct")); err != nil {
			return err
		}
		value, err := redis.Int(conn.Do("GET", key("acct")))
		if err != nil {
			return err
		}
		conn.Send("MULTI")
		conn.Send("SET", key("acct"), value+1)
		reply, err := conn.Do("EXEC")
		if err != nil {
			return err
		}
		if reply != nil {
			return nil
		}
	}
}

func transactions(pool *redis.Pool, c, other redis.Conn) {
	sectionName = "transactions"
	c.Send("MULTI")
	c.Send("SET", key("acct"), 30)
	c.Send("INCRBY", key("acct"), 3)
	values, err := redis.Values(c.Do("EXEC"))
	equal("MULTI/EXEC", values, err, []interface{}{"OK", int64(33)})
	var wg sync.WaitGroup
	errors := make(chan error, 20)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				conn := pool.Get()
				if err := increment(conn); err != nil {
					errors <- err
				}
				conn.Close()
			}
		}()
	}
	wg.Wait()
	close(errors)
	for err := range errors {
		check("WATCH increment", false, err.Error())
		break
	}
	n, err := redis.Int(c.Do("GET", key("acct")))
	equal("20 WATCH increments from 4 goroutines", n, err, 53)
	c.Do("WATCH", key("acct"))
	other.Do("SET", key("acct"), 1)
	c.Send("MULTI")
	c.Send("INCR", key("acct"))
	reply, err := c.Do("EXEC")
	equal("EXEC after a conflicting write is nil", reply, err, nil)
	n, err = redis.Int(c.Do("GET", key("acct")))
	equal("conflicting write kept", n, err, 1)
}

func pubsub(c redis.Conn, subscriberConn redis.Conn) {
	sectionName = "pubsub"
	psc := redis.PubSubConn{Conn: subscriberConn}
	err := psc.Subscribe(key("ticks"))
	confirmation := psc.ReceiveWithTimeout(5 * time.Second)
	equal("subscribe confirmation", confirmation, err, redis.Subscription{Kind: "subscribe", Channel: key("ticks"), Count: 1})
	n, err := redis.Int(c.Do("PUBLISH", key("ticks"), "t1"))
	equal("PUBLISH reaches one subscriber", n, err, 1)
	message := psc.ReceiveWithTimeout(5 * time.Second)
	equal("message", message, nil, redis.Message{Channel: key("ticks"), Data: []byte("t1")})
	err = psc.Unsubscribe()
	confirmation = psc.ReceiveWithTimeout(5 * time.Second)
	equal("unsubscribe confirmation", confirmation, err, redis.Subscription{Kind: "unsubscribe", Channel: key("ticks"), Count: 0})
	n, err = redis.Int(c.Do("PUBLISH", key("ticks"), "late"))
	equal("PUBLISH after unsubscribe", n, err, 0)
}

func main() {
	address := fmt.Sprintf("%s:%s", env("REDIS_HOST", "127.0.0.1"), env("REDIS_PORT", "6379"))
	fmt.Printf("library redigo %s (%s)\n", env("REDIGO_VERSION", "?"), runtime.Version())
	pool := newPool(address)
	c, err := pool.Dial()
	if err != nil {
		fmt.Printf("not ok connection dial: %v\n", err)
		os.Exit(1)
	}
	other, _ := pool.Dial()
	subscriber, _ := pool.Dial()
	connection(c)
	strings(c)
	hashes(c)
	sortedSets(c)
	lists(c)
	pipeline(c)
	poolWorkers(pool, c)
	server(address, c)
	transactions(pool, c, other)
	pubsub(c, subscriber)
	c.Close()
	other.Close()
	subscriber.Close()
	pool.Close()
	if failed > 0 {
		os.Exit(1)
	}
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
