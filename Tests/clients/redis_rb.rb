# redis-rb 4 (Debian's ruby-redis) behind connection_pool, used as a Rails or Sidekiq
# process does: pooled clients shared by threads, pipelined blocks, TTLs, counters,
# hashes, sorted sets, lists, WATCH/MULTI retries, and a subscriber thread.
# Speaks the check protocol of Tests/clients/README.md.
require 'redis'
require 'connection_pool'

P = 'rb:'.freeze

# One line per check; a section that raises counts as one failed check.
class Checks
  attr_reader :failed

  def initialize
    @section = '-'
    @failed = 0
  end

  def check(name, ok, detail = '')
    if ok
      puts "ok #{@section} #{name}"
    else
      @failed += 1
      puts "not ok #{@section} #{name}: #{detail}"
    end
    $stdout.flush
  end

  def equal(name, got, want)
    check(name, got == want, "got #{got.inspect}, want #{want.inspect}")
  end

  def section(name)
    @section = name
    yield
  rescue StandardError => e
    check('aborted', false, "#{e.class}: #{e.message}")
  end
end

def connect
  Redis.new(host: ENV.fetch('REDIS_HOST', '127.0.0.1'), port: Integer(ENV.fetch('REDIS_PORT', '6379')),
            timeout: 10)
end

def basics(t, pool)
  pool.with do |r|
    t.section('connection') do
      t.equal('PING', r.ping, 'PONG')
      stale = r.scan_each(match: "#{P}*", count: 100).to_a
      r.del(*stale) unless stale.empty?
      t.equal('no keys left under the prefix', r.scan_each(match: "#{P}*").to_a, [])
    end
    t.section('strings') do
      t.equal('SET EX', r.set("#{P}cache", 'page', ex: 90), 'OK')
      t.equal('GET', r.get("#{P}cache"), 'page')
      t.check('TTL after SET EX', (85..90).cover?(r.ttl("#{P}cache")), r.ttl("#{P}cache"))
      r.set("#{P}lock", 'me', nx: true, px: 30_000)
      t.check('PTTL after SET NX PX', (25_000..30_000).cover?(r.pttl("#{P}lock")), r.pttl("#{P}lock"))
      t.equal('SET NX on an existing key', r.set("#{P}lock", 'you', nx: true), false)
      t.equal('EXPIRE', r.expire("#{P}lock", 100), true)
      t.check('TTL after EXPIRE', (95..100).cover?(r.ttl("#{P}lock")), r.ttl("#{P}lock"))
      t.equal('INCR', r.incr("#{P}jobs"), 1)
      t.equal('INCRBYFLOAT', r.incrbyfloat("#{P}jobs", 1.5), 2.5)
      t.equal('MGET', r.mget("#{P}cache", "#{P}missing"), ['page', nil])
    end
    t.section('hashes') do
      t.equal('HSET hash', r.hset("#{P}job", { 'queue' => 'default', 'retries' => 0 }), 2)
      t.equal('HINCRBY', r.hincrby("#{P}job", 'retries', 3), 3)
      t.equal('HGETALL', r.hgetall("#{P}job"), { 'queue' => 'default', 'retries' => '3' })
      t.equal('HMGET', r.hmget("#{P}job", 'queue', 'none'), ['default', nil])
      t.equal('HDEL', r.hdel("#{P}job", 'queue'), 1)
    end
    t.section('sorted-sets') do
      t.equal('ZADD', r.zadd("#{P}sched", [[300, 'c'], [100, 'a'], [200, 'b']]), 3)
      t.equal('ZRANGE WITHSCORES', r.zrange("#{P}sched", 0, -1, with_scores: true),
              [['a', 100.0], ['b', 200.0], ['c', 300.0]])
      t.equal('ZINCRBY', r.zincrby("#{P}sched", 250, 'a'), 350.0)
      t.equal('ZRANK', r.zrank("#{P}sched", 'a'), 2)
      t.equal('ZRANGEBYSCORE LIMIT', r.zrangebyscore("#{P}sched", '-inf', 250, limit: [0, 1]), ['b'])
      t.equal('ZREM', r.zrem("#{P}sched", 'b'), true)
    end
    t.section('lists') do
      t.equal('LPUSH', r.lpush("#{P}q", %w[a b c]), 3)
      t.equal('LRANGE', r.lrange("#{P}q", 0, -1), %w[c b a])
      t.equal('RPOPLPUSH', r.rpoplpush("#{P}q", "#{P}busy"), 'a')
      t.equal('LREM', r.lrem("#{P}busy", 0, 'a'), 1)
      t.equal('LLEN', r.llen("#{P}q"), 2)
    end
    t.section('pipeline') do
      replies = r.pipelined do |pipe|
        100.times { |i| pipe.set("#{P}p:#{i}", i, ex: 300) }
        100.times { |i| pipe.get("#{P}p:#{i}") }
        pipe.ttl("#{P}p:0")
      end
      t.equal('100 SET EX replies', replies[0, 100], ['OK'] * 100)
      t.equal('100 GET replies', replies[100, 100], (0...100).map(&:to_s))
      t.check('TTL in the pipeline', (295..300).cover?(replies[200]), replies[200])
    end
  end
end

# What ops code and health checks call: INFO, CLIENT, CONFIG GET, another database.
def server(t, pool)
  pool.with do |r|
    t.check('INFO has redis_version', r.info.key?('redis_version'), r.info.keys.first(5))
    named = Redis.new(host: ENV.fetch('REDIS_HOST', '127.0.0.1'), port: Integer(ENV.fetch('REDIS_PORT', '6379')),
                      db: 3, id: 'matrix-rb')
    t.equal('CLIENT GETNAME of a client created with an id', named.call(%w[CLIENT GETNAME]), 'matrix-rb')
    t.check('CLIENT LIST shows the name', r.client(:list).any? { |c| c['name'] == 'matrix-rb' })
    t.equal('SET PX in db 3', named.set("#{P}db3", 'x', px: 100), 'OK')
    t.equal('db 3 key not in db 0', r.exists?("#{P}db3"), false)
    deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + 5
    sleep 0.05 while named.exists?("#{P}db3") && Process.clock_gettime(Process::CLOCK_MONOTONIC) < deadline
    t.equal('a PX 100 key expires', named.get("#{P}db3"), nil)
    named.close
    t.check('CONFIG GET maxmemory', r.config(:get, 'maxmemory').key?('maxmemory'))
    t.check('DBSIZE', r.dbsize.positive?)
  end
end

def pool_workers(t, pool)
  pool.with { |r| r.del("#{P}hits") }
  threads = 8.times.map do |n|
    Thread.new do
      25.times { pool.with { |r| r.incr("#{P}hits") } }
      pool.with { |r| r.set("#{P}worker:#{n}", n, ex: 60) }
    end
  end
  threads.each(&:join)
  pool.with do |r|
    t.equal('200 INCRs from 8 threads over 4 connections', r.get("#{P}hits"), '200')
    t.equal("every worker's key", r.mget(*8.times.map { |n| "#{P}worker:#{n}" }), 8.times.map(&:to_s))
  end
end

def transactions(t, pool)
  pool.with do |r|
    replies = r.multi do |tx|
      tx.set("#{P}acct", 50)
      tx.incrby("#{P}acct", 50)
    end
    t.equal('MULTI/EXEC', replies, ['OK', 100])
  end
  # Optimistic increments from four threads; a nil EXEC means a conflict, so retry.
  threads = 4.times.map do
    Thread.new do
      5.times do
        pool.with do |r|
          loop do
            done = r.watch("#{P}acct") do
              value = r.get("#{P}acct").to_i
              r.multi { |tx| tx.set("#{P}acct", value + 1) }
            end
            break unless done.nil?
          end
        end
      end
    end
  end
  threads.each(&:join)
  pool.with do |r|
    t.equal('20 WATCH increments from 4 threads', r.get("#{P}acct"), '120')
    other = connect
    result = r.watch("#{P}acct") do
      other.set("#{P}acct", 7)
      r.multi { |tx| tx.incr("#{P}acct") }
    end
    other.close
    t.equal('EXEC after a conflicting write returns nil', result, nil)
    t.equal('conflicting write kept', r.get("#{P}acct"), '7')
  end
end

QUEUE_WAIT_S = 5

# Queue#pop(timeout:) is Ruby 3.2; Debian 12 has 3.1, so poll.
def pop_within(queue, seconds = QUEUE_WAIT_S)
  deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + seconds
  while queue.empty?
    return nil if Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline

    sleep 0.01
  end
  queue.pop
end

def pubsub(t, pool)
  subscriber = connect
  received = Queue.new
  ready = Queue.new
  listener = Thread.new do
    Thread.current.report_on_exception = false
    subscriber.subscribe("#{P}mail") do |on|
      on.subscribe { |channel, count| ready << [channel, count] }
      on.message do |channel, message|
        received << [channel, message]
        subscriber.unsubscribe if message == 'bye'
      end
    end
  end
  t.equal('subscribe confirmation', pop_within(ready), ["#{P}mail", 1])
  pool.with do |r|
    t.equal('PUBLISH reaches one subscriber', r.publish("#{P}mail", 'hi'), 1)
    r.publish("#{P}mail", 'bye')
  end
  t.equal('message', pop_within(received), ["#{P}mail", 'hi'])
  t.equal('second message', pop_within(received), ["#{P}mail", 'bye'])
  t.check('subscriber loop ends after UNSUBSCRIBE', listener.join(5), 'still subscribed')
  pool.with { |r| t.equal('PUBLISH after unsubscribe', r.publish("#{P}mail", 'late'), 0) }
  subscriber.close
end

puts "library redis-rb #{Redis::VERSION} (connection_pool #{ConnectionPool::VERSION})"
t = Checks.new
pool = ConnectionPool.new(size: 4, timeout: 10) { connect }
basics(t, pool)
t.section('pool') { pool_workers(t, pool) }
t.section('server') { server(t, pool) }
t.section('transactions') { transactions(t, pool) }
t.section('pubsub') { pubsub(t, pool) }
pool.shutdown(&:close)
exit(t.failed.zero? ? 0 : 1)
