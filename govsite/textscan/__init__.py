"""Detectors over plain text for the content-safety rules (issue 5): resident ID numbers, bank
cards, private mobiles, secrecy markings, publication attributes and political wording.

Each detector is a pure function from text to `Hit`s whose shown values are already masked;
the rule functions in govsite/checks/{privacy,secrecy,wording}.py run them over a scan.
"""
from govsite.textscan.hits import Hit, summarize
from govsite.textscan.ids import find_id_numbers, is_valid_id18, mask_id
from govsite.textscan.lexicon import Lexicon, find_wording, load_lexicon
from govsite.textscan.markings import find_not_public, find_secrecy_markings
from govsite.textscan.numbers import find_bank_cards, find_private_mobiles, luhn_ok

__all__ = ["Hit", "summarize", "find_id_numbers", "is_valid_id18", "mask_id", "find_bank_cards",
           "find_private_mobiles", "luhn_ok", "find_secrecy_markings", "find_not_public",
           "find_wording", "load_lexicon", "Lexicon"]
