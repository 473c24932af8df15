"""The frontend/backend protocol v3: message bytes, startup packets, the connection's
byte stream, pg_hba.conf and client authentication. See README.md.

PostgreSQL: src/backend/libpq/ (and the startup-packet half of postmaster/postmaster.c).
"""
