"""A local replica of a TRS-built county portal (凤冈县人民政府网) with planted defects and traps.

build_site() makes the pages, SampleServer serves them on 127.0.0.1 and 127.0.0.2, answers()
lists every planted finding and trap. See the module docstrings for what lives where.
"""
from .answers import answers, answers_for, write_answers
from .builder import Plant, Resource, SampleSite
from .server import SampleServer
from .site import build_site

__all__ = ["build_site", "SampleSite", "Resource", "Plant", "SampleServer", "answers", "answers_for",
           "write_answers"]
