"""Durable storage on TinyDB. Import the interfaces from storage.interfaces;
only app.py / cli.py / demo.py open a concrete store."""
