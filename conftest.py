pytest_plugins = ["pathways.testing.fixtures"]
