#!/usr/bin/env python3
"""Connection attacker (and a well-behaved pool) for bench/slowloris: one client, 127.0.0.1 only, bounded in
connections and time.

It keeps up to COUNT connections open to the server, each doing what its mode says:
  slow   an unfinished request head: the request line and a Host header at once, then one more header line every
         TRICKLE seconds, never the blank line that ends the head;
  fat    the same after 30 KiB of headers (the most a head can make the server keep);
  body   a complete head announcing a one-byte body (Content-Length: 1) that never comes;
  idle   one request, then another every REFRESH seconds (inside the server's idle timeout), idle in between;
  pool   a well-behaved kept-alive pool: one request every INTERVAL seconds on each connection.
A connection the server closes is opened again, at most RATE new connections a second in all. After DURATION seconds
it closes everything.

Every second it prints one line: "t=<s> held=<n> opened=<n> closed_by_server=<n> failed=<n> answers=<n>
dropped=<n>", where held counts connections open on our side (accepted or still in the server's accept queue),
closed_by_server those the server ended (by closing or resetting), failed the connection attempts that did not
succeed, answers the answers received, dropped the connections the server closed while a request of ours was
unanswered (a refusal, for a pool). The last line starts with "SUMMARY". Only the standard library is used.
"""
import argparse
import errno
import selectors
import socket
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--rate", type=int, default=4000, help="new connections per second at most")
    parser.add_argument("--trickle", type=float, default=5, help="seconds between two header lines")
    parser.add_argument("--refresh", type=float, default=20, help="idle mode: seconds between two requests")
    parser.add_argument("--interval", type=float, default=2, help="pool mode: seconds between two requests")
    parser.add_argument("--mode", choices=["slow", "fat", "body", "idle", "pool"], default="slow")
    args = parser.parse_args()

    request = b"GET /api/messages/public HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    if args.mode in ("slow", "fat"):
        head = b"GET /api/messages/public HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if args.mode == "fat":
            head += b"".join(b"X-Filler-%d: %s\r\n" % (i, b"f" * 1000) for i in range(30))
        again, every = b"X-a: b\r\n", args.trickle
    elif args.mode == "body":
        head, again, every = b"GET /api/messages/public HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\n\r\n", \
            None, args.duration
    else:
        head, again, every = request, request, args.refresh if args.mode == "idle" else args.interval
    counts_answers = args.mode in ("body", "idle", "pool")
    selector = selectors.DefaultSelector()
    connections = {}  # socket -> [connected, bytes still to send, next send time, requests unanswered]
    opened = closed_by_server = failed = peak_held = answers = dropped = 0
    start = time.monotonic()
    next_report = start + 1
    budget = 0.0
    last = start

    def close(sock, by_server):
        nonlocal closed_by_server, dropped
        selector.unregister(sock)
        state = connections.pop(sock)
        sock.close()
        if by_server:
            closed_by_server += 1
            if counts_answers and state[3] > 0:
                dropped += 1

    while True:
        now = time.monotonic()
        if now - start >= args.duration:
            break
        # open new connections within the rate
        budget = min(budget + (now - last) * args.rate, args.rate / 10)
        last = now
        while budget >= 1 and len(connections) < args.count:
            budget -= 1
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            code = sock.connect_ex(("127.0.0.1", args.port))
            if code not in (0, errno.EINPROGRESS):
                sock.close()
                failed += 1
                break
            opened += 1
            connections[sock] = [False, head, now + every, 1 if counts_answers else 0]
            selector.register(sock, selectors.EVENT_READ | selectors.EVENT_WRITE)
        # connection progress, data to send, server closes
        for key, events in selector.select(timeout=0.05):
            sock = key.fileobj
            state = connections.get(sock)
            if state is None:
                continue
            if events & selectors.EVENT_READ:
                try:
                    data = sock.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    if state[0]:
                        close(sock, True)
                    else:
                        failed += 1
                        close(sock, False)
                    continue
                if counts_answers:
                    got = data.count(b"HTTP/1.1 ")
                    answers += got
                    state[3] = max(0, state[3] - got)
            if events & selectors.EVENT_WRITE:
                if not state[0]:
                    if sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                        failed += 1
                        close(sock, False)
                        continue
                    state[0] = True
                if state[1]:
                    try:
                        sent = sock.send(state[1])
                        state[1] = state[1][sent:]
                    except BlockingIOError:
                        pass
                    except OSError:
                        close(sock, True)
                        continue
                if not state[1]:
                    selector.modify(sock, selectors.EVENT_READ)
        # the next header line (slow, fat) or request (idle, pool) on connections that are due
        now = time.monotonic()
        for sock, state in list(connections.items()):
            if again is not None and state[0] and not state[1] and now >= state[2]:
                state[2] = now + every
                try:
                    sock.send(again)
                    if counts_answers:
                        state[3] += 1
                except OSError:
                    close(sock, True)
        held = sum(1 for state in connections.values() if state[0])
        peak_held = max(peak_held, held)
        if now >= next_report:
            next_report += 1
            print(f"t={now - start:.0f} held={held} opened={opened} closed_by_server={closed_by_server} "
                  f"failed={failed} answers={answers} dropped={dropped}", flush=True)
    for sock in list(connections):
        close(sock, False)
    print(f"SUMMARY peak_held={peak_held} opened={opened} closed_by_server={closed_by_server} failed={failed} "
          f"answers={answers} dropped={dropped}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
