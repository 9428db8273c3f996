#!/usr/bin/env python3
# hostile-podman.py - a fake Podman API on a unix socket that answers badly on purpose
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: hostile-podman.py MODE SOCKET
# Serves the requests the helper makes (GET /v1.41/events, /v1.41/containers/json,
# /v1.41/containers/ID/json, /v4.0.0/libpod/networks/json) the way MODE says:
#   garbage          no HTTP at all, on every connection
#   endless-headers  a status line, then header lines forever
#   endless-body     the container list never ends
#   huge             a 64 MiB container list (Content-Length given)
#   trickle          the container list arrives one byte a second
#   deep             the container list is an array nested 200 000 deep
#   deep-event       a valid runtime whose event stream sends one event line nested
#                    200 000 deep (400 kB)
#   labels           2000 running containers, each inspected with 256 labels of 4000 bytes
#   many             20 000 small (exited) containers
#   hold             reads each request and never answers
#   good             one small running container, answers well
# Runs until killed; prints "listening" once the socket is there.
import os
import socket
import sys
import threading
import time

MODE, PATH = sys.argv[1], sys.argv[2]
DEEP = 200000


def cid(i):
    return "%064x" % (0xfa17 << 200 | i)


def container_entry(i, state="exited", labels="{}"):
    return ('{"Id":"%s","Names":["/hostile-%d"],"Image":"localhost/bb:latest","State":"%s",'
            '"Created":1700000000,"Labels":%s,"NetworkSettings":{"Networks":{}}}'
            % (cid(i), i, state, labels)).encode()


LABELS_4K = ("{" + ",".join('"label.%03d":"%s"' % (n, "v" * 4000) for n in range(256)) + "}")


def inspect_answer(ident):
    return ('{"Id":"%s","Name":"/hostile","State":{"Status":"running","Running":true,"Pid":1},'
            '"Config":{"Image":"localhost/bb:latest","Labels":%s},"NetworkSettings":{"Networks":{}}}'
            % (ident, LABELS_4K)).encode()


def list_body():
    if MODE == "labels":
        return b"[" + b",".join(container_entry(i, "running") for i in range(2000)) + b"]"
    if MODE == "many":
        return b"[" + b",".join(container_entry(i) for i in range(20000)) + b"]"
    if MODE == "deep":
        return b"[" * DEEP + b"]" * DEEP
    return b"[" + container_entry(0) + b"]"


def send_answer(conn, body, status="200 OK"):
    conn.sendall(("HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                  "Connection: close\r\n\r\n" % (status, len(body))).encode() + body)


def chunk(data):
    return b"%x\r\n%s\r\n" % (len(data), data)


def forever(conn, data, pause=0.0):
    while True:
        conn.sendall(data)
        if pause:
            time.sleep(pause)


def serve_events(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n")
    if MODE == "deep-event":
        time.sleep(1)
        line = b'{"Type":"container","Action":"start","x":' + b"[" * DEEP + b"]" * DEEP + b"}\n"
        conn.sendall(chunk(line))
    while True:
        time.sleep(3600)


def serve_list(conn):
    if MODE == "endless-body":
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk(b"["))
        forever(conn, chunk(container_entry(0) + b","))
    elif MODE == "huge":
        size = 64 << 20
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n[" % size)
        forever(conn, b" " * 65536)
    elif MODE == "trickle":
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n")
        forever(conn, b" ", 1.0)
    else:
        send_answer(conn, list_body())


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        more = conn.recv(65536)
        if not more:
            return None
        data += more
    return data.split(b" ", 2)[1].decode("latin-1")


def handle(conn):
    try:
        if MODE == "garbage":
            conn.sendall(b"\x00\xff\xfeNOT HTTP AT ALL\r\n\r\n" + os.urandom(4096))
            return
        if MODE == "endless-headers":
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            forever(conn, b"X-Pad: " + b"a" * 1000 + b"\r\n")
        path = read_request(conn)
        if path is None:
            return
        if MODE == "hold":
            while conn.recv(65536):
                pass
            return
        if path.startswith("/v1.41/events"):
            serve_events(conn)
        elif path.startswith("/v1.41/containers/json"):
            serve_list(conn)
        elif path.startswith("/v1.41/containers/"):
            ident = path.split("/")[3]
            if MODE == "labels":
                send_answer(conn, inspect_answer(ident))
            else:
                send_answer(conn, b'{"message":"no such container"}', "404 Not Found")
        elif "networks" in path:
            send_answer(conn, b"[]")
        else:
            send_answer(conn, b'{"message":"page not found"}', "404 Not Found")
    except OSError:
        pass
    finally:
        conn.close()


def main():
    try:
        os.unlink(PATH)
    except FileNotFoundError:
        pass
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(PATH)
    server.listen(256)
    print("listening", flush=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


main()
