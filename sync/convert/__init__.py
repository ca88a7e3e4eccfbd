"""Converters from other open data sets into the tsunagi Japan profile (``sync/PROFILE.md``).

Each converter writes NDJSON that ``tsunagi-admin publish`` signs like any other input, and a report
(rows in, loaded, hours parsed, warnings by kind) so an admin sees what was changed in the conversion.
"""
