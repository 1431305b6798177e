"""The outcomes read model's pure core: facts (contract events with their time), where each
person was when (custody timeline), and the figures computed from them at query time."""
