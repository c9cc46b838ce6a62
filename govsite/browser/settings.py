"""The profile's `browser:` section, read once for the whole pass."""
from __future__ import annotations

from dataclasses import dataclass

from govsite.profile import Profile


@dataclass(frozen=True)
class BrowserSettings:
    """The profile's `browser:` section and the load limit, read once."""

    executable_path: str
    args: tuple[str, ...]
    tabs: int
    limit_s: float                  # thresholds.link_slow_seconds: 规范 第二十三条(十)
    render_wait_s: float
    axe_tags: tuple[str, ...]
    axe_examples: int
    screenshot_max_height: int
    viewport: tuple[int, int]
    elder_keywords: tuple[str, ...]

    @classmethod
    def from_profile(cls, profile: Profile) -> BrowserSettings:
        b = profile.section("browser")
        width, height = (list(b.get("viewport") or [1366, 900]) + [900])[:2]
        return cls(executable_path=str(b.get("executable_path") or ""),
                   args=tuple(b.get("args") or ()), tabs=max(1, int(b.get("tabs", 6))),
                   limit_s=float(profile.get("thresholds.link_slow_seconds")),
                   render_wait_s=float(b.get("render_wait_seconds", 3.0)),
                   axe_tags=tuple(b.get("axe_tags") or ("wcag2a", "wcag2aa")),
                   axe_examples=int(b.get("axe_examples", 3)),
                   screenshot_max_height=int(b.get("screenshot_max_height", 4000)),
                   viewport=(int(width), int(height)),
                   elder_keywords=tuple(b.get("elder_mode_keywords") or ()))
