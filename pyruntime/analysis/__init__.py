"""Pure analyses on half-hourly series: carbon, patterns, net import.

Each module does one thing and returns plain values or frozen dataclasses;
the report builders in :mod:`pyruntime.reports` turn them into JSON.
"""
