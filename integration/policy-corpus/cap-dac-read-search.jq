# CAP_DAC_READ_SEARCH (open_by_handle_at, the "shocker" escape), only in
# the ambient set.
# expect: CINCH-CAP-DACREADSEARCH process.capabilities.ambient
.process.capabilities.ambient += ["CAP_DAC_READ_SEARCH"]
