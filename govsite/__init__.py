"""govsite: crawl a Chinese government portal and check it against the rules that govern it."""
__version__ = "0.1.0"
