"""Network names and endpoint URLs made safe for file names and for what we publish."""

from __future__ import annotations

import pytest

from generator.model.endpoints import network_slug, public_endpoint


@pytest.mark.parametrize(
    "network, slug",
    [
        ("finney", "finney"),
        ("archive", "archive"),
        ("wss://my.node.example:443", "my.node.example"),
        ("wss://my.node.example", "my.node.example"),
        ("ws://127.0.0.1:9944", "127.0.0.1-9944"),
        ("wss://Node.Example:8443/ws/v1/SECRETKEY?apikey=abc", "node.example-8443"),
        ("wss://user:pass@rpc.example:443", "rpc.example"),
        ("ws://[::1]:9944", "1-9944"),
        ("../x", "x"),
        ("../../etc/passwd", "etc-passwd"),
        ("..", "network"),
        ("/abs/path", "abs-path"),
        (".hidden", "hidden"),
        ("a\x00b\nc", "a-b-c"),
        ("ws://", "ws"),
        ("wss://host:notaport/", "host"),
        ("ws://[::1", "ws-1"),
        ("x" * 300, "x" * 64),
    ],
)
def test_network_slug(network, slug):
    assert network_slug(network) == slug


def test_slug_never_leaves_the_folder_nor_hides_the_file():
    for network in ("../x", "a/../../b", "\\..\\x", "wss://h:1/../../y", ".", "-", "_"):
        slug = network_slug(network)
        assert slug and "/" not in slug and "\\" not in slug and not slug.startswith(".")


@pytest.mark.parametrize(
    "network, public",
    [
        ("finney", "finney"),
        ("wss://my.node.example:443", "wss://my.node.example:443"),
        ("wss://my.node.example:443/ws", "wss://my.node.example:443/ws"),
        ("wss://user:s3cret@rpc.example:443/ws", "wss://***@rpc.example:443/ws"),
        ("wss://rpc.example/ws?apikey=s3cret&region=eu", "wss://rpc.example/ws?apikey=***&region=***"),
        ("ws://[::1]:9944?token=t", "ws://[::1]:9944?token=***"),
        ("ws://key@[::1", "ws://(malformed URL)"),
    ],
)
def test_public_endpoint_hides_credentials(network, public):
    assert public_endpoint(network) == public
