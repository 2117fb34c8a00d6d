"""Local stand-ins for the providers' APIs: real HTTP servers on 127.0.0.1.

A second port is a second origin, so the browser applies real CORS rules.
"""
