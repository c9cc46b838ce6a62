"""Third-party files shipped with govsite, loaded locally at run time (no CDN).

axe.min.js — axe-core 4.14.1 by Deque Systems (npm `axe-core`), MPL-2.0: LICENSE; the libraries
bundled into it are listed in LICENSE-3RD-PARTY.txt.  Update: `npm install axe-core` and copy
node_modules/axe-core/{axe.min.js,LICENSE,LICENSE-3RD-PARTY.txt} here.

axe-locale-zh_CN.json — the same package's locales/zh_CN.json (MPL-2.0): the Chinese help text of
each axe rule, which the a11y findings show (govsite.browser.axe.axe_help).
"""
