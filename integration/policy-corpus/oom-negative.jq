# A negative oomScoreAdj makes the host's OOM killer pick host processes.
# expect: CINCH-OOM-NEGATIVE process.oomScoreAdj
.process.oomScoreAdj = -500
