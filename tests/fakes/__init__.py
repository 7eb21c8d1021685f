"""Real fake external endpoints on loopback: a WeCom robot server, an SMTP server, a webhook receiver."""
