# A net sysctl value with a `;`.
# expect: CINCH-SYSCTL-VALUE linux.sysctl["net.ipv4.ip_forward"]
.linux.sysctl = {"net.ipv4.ip_forward": "1;kernel.core_pattern=x"}
