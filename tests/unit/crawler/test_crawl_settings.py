"""The crawl's Scrapy settings open no remote control into the scan's process."""
from __future__ import annotations

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.extensions import remote_control
from scrapy.extensions.remote_control import RemoteControl
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
from scrapy.utils.test import get_crawler

from govsite.crawler.settings import build_settings
from govsite.profile import load_profile


def test_scrapys_remote_control_does_not_start_in_a_scan(monkeypatch):
    # A scan runs on Twisted's asyncio reactor, which the remote control needs; no reactor is
    # installed in this test process, so say it is there.
    monkeypatch.setattr(remote_control, "is_asyncio_available", lambda: True)
    settings = build_settings(load_profile(None), allow_hosts=[])
    # Said in so many words: Scrapy's own default is on (its test crawler's is off).
    assert settings["REMOTE_CONTROL_ENABLED"] is False
    with pytest.raises(NotConfigured):
        RemoteControl.from_crawler(get_crawler(settings_dict=settings))
    assert RemoteControl.from_crawler(get_crawler(settings_dict={**settings, "REMOTE_CONTROL_ENABLED": True}))


def test_the_remote_controls_module_is_not_even_loaded():
    settings = Settings(build_settings(load_profile(None), allow_hosts=[]))
    loaded = build_component_list(settings.getwithbase("EXTENSIONS"))
    assert "govsite.crawler.progress.ProgressExtension" in loaded
    assert not [path for path in loaded if "remote_control" in str(path)]
    assert "scrapy.extensions.remote_control.RemoteControl" in build_component_list(
        Settings().getwithbase("EXTENSIONS"))       # Scrapy's default list has it
