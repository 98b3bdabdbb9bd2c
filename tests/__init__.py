"""The newsroom's tests: shared fixtures in conftest.py, builders in modules beside them."""
