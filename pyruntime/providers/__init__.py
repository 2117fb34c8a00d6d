"""The user's own energy provider: sans-I/O API clients and the loaders that drive them.

``*_request()`` functions describe a request (:class:`~.http.HttpRequest`)
without sending it; ``parse_*`` functions read a response. Only
:mod:`.paging` awaits, and only on an injected transport, so everything here
runs and is tested on CPython with no network. The loaders
(:mod:`.octopus_loader`, :mod:`.glowmarkt_loader`) page through a client's
requests on the session's transport and hand back a complete
:class:`~pyruntime.household.Household`.
"""
