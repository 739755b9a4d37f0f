"""Peer for bench/run: the seed's async/await fetch_image behind one Tornado handler.

usage: tornado_server.py PORT MAX_CLIENTS   (MAX_CLIENTS 0 keeps Tornado's default of 10)
GET /image?url=U fetches U and answers its body with its content type.
"""
import sys

import tornado.ioloop
import tornado.web
from tornado.httpclient import AsyncHTTPClient


async def fetch_image(img_url):
    http_client = AsyncHTTPClient()
    response = await http_client.fetch(img_url)
    return response


class ImageHandler(tornado.web.RequestHandler):
    async def get(self):
        response = await fetch_image(self.get_query_argument("url"))
        self.set_header("Content-Type", response.headers.get("Content-Type", "application/octet-stream"))
        self.write(response.body)


def main():
    port, max_clients = int(sys.argv[1]), int(sys.argv[2])
    if max_clients > 0:
        AsyncHTTPClient.configure(None, max_clients=max_clients)
    app = tornado.web.Application([(r"/image", ImageHandler)])
    app.listen(port, address="127.0.0.1")
    tornado.ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
