"""A local AWS for the S3 benchmarks: moto's server on a loopback port, in its own process.
Prints the endpoint URL as its first line, then serves until its stdin closes."""

import sys

from moto.server import ThreadedMotoServer

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print("http://%s:%d" % server.get_host_and_port(), flush=True)
sys.stdin.read()
server.stop()
