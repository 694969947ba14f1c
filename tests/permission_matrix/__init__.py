"""The permission matrix: every actor × every page and API endpoint × three territories ×
a public, a restricted and a deleted fiche (the rules and their explanation: rules.py).

- rules.py: the actors, the targets, the expected-outcome tables, KNOWN_BUGS, the outcomes;
- world.py: the test world, the database snapshot, the shared request handler;
- capability.py: what a capability is, and the checks shared by the next three;
- pages.py, directory.py, api.py: the capabilities of the pages, the directory, the API;
- runner.py: running the cells of one test (leak and write checks) and its parameters;
- test_pages.py, test_api.py, test_rules.py: the tests.
"""
