"""The read-only view of one stored scan that every judge reads (checks, records, reports).

`view.ScanView` holds what was stored, with no SQL inside: `load.load_scan_view` fills it
through the store's readers (`store/scan_reads.py`).
"""
