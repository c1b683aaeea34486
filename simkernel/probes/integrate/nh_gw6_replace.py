import sys; import os; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')); from nl import *
import socket,struct,subprocess,time
def ip(*a): 
    r=subprocess.run(["strace","-f","-e","trace=recvmsg","-s","200","ip"]+list(a),capture_output=True,text=True); 
    import re; m=re.findall(r'error=-[A-Z]+|"[A-Z][a-z][^"]{5,}"', r.stderr); print(" ".join(a), "->", m[:3], r.stderr.strip().splitlines()[-1][:100] if r.returncode else "ok")
ip("link","set","lo","up"); ip("link","add","v0","type","veth","peer","name","v1"); ip("link","set","v0","up"); ip("link","set","v1","up")
ip("addr","add","2001:db8:1::1/64","dev","v0","nodad"); ip("addr","add","10.1.0.1/24","dev","v0")
time.sleep(1.5)
ip("nexthop","add","id","7","via","2001:db8:99::2","dev","v0")
ip("nexthop","add","id","8","via","2001:db8:1::1","dev","v0")
ip("nexthop","add","id","9","via","2001:db8:1::9","dev","v1")
ip("-6","rule","add","to","2001:db8:98::/48","blackhole","pref","100")
ip("nexthop","add","id","11","via","2001:db8:98::2","dev","v0")
ip("nexthop","add","id","1","via","2001:db8:1::2","dev","v0")
ip("route","add","2001:db8:21::/48","nhid","1")
mon=socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0); mon.bind((0,0))
for g in (11,7,32): mon.setsockopt(270,1,g)
subprocess.run(["ip","nexthop","replace","id","1","via","2001:db8:1::3","dev","v0"])
mon.settimeout(0.3)
try:
    while True:
        for m in parse_msgs(mon.recv(65536)): print("   ev",summarize(m))
except socket.timeout: pass
