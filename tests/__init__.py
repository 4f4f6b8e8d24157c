"""The annualreport test suite."""
