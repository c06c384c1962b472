pytest_plugins = ["svidok.testing.fixtures"]
