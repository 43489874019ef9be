# CAP_BPF in the bounding set.
# expect: CINCH-CAP-BPF process.capabilities.bounding
.process.capabilities.bounding += ["CAP_BPF"]
