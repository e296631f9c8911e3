"""The case pages. Views stay thin: a selector to read, a service to write, a template to show."""
