"""Recording everything the tag and the page do, on this machine: uploads, cookies, console, CSP, egress."""
