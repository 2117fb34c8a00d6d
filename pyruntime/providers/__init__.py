"""Sans-I/O clients for the user's own energy provider.

``*_request()`` functions describe a request (:class:`~.http.HttpRequest`)
without sending it; ``parse_*`` functions read a response. Only
:mod:`.paging` awaits, and only on an injected transport, so everything here
runs and is tested on CPython with no network.
"""
