"""The Pathways demo: a synthetic programme for HMP Belmarsh, planned and then loaded."""
