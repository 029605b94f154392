"""gunicorn's settings for the portal, read from the folder gunicorn starts in (`make serve`,
the load test). Request limits on purpose, so that no header or address is larger than the
portal needs; the body's limits are the app's (portal/request_limits.py) and the proxy's."""

limit_request_line = 4094  # bytes in the request line (method, address, protocol)
limit_request_fields = 50  # header fields; browsers send about 15
limit_request_field_size = 8190  # bytes in one header field (the cookies are the largest)
