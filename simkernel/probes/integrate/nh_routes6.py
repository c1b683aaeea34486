import sys; import os; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')); from nl import *
import socket,struct,subprocess,time
def ip(*a): subprocess.run(["ip"]+list(a),check=True)
ip("link","set","lo","up"); ip("link","add","v0","type","veth","peer","name","v1"); ip("link","set","v0","up"); ip("link","set","v1","up")
ip("addr","add","2001:db8:1::1/64","dev","v0","nodad"); ip("addr","add","10.1.0.1/24","dev","v0")
time.sleep(1.5)
ip("nexthop","add","id","1","via","2001:db8:1::2","dev","v0")
ip("nexthop","add","id","2","via","2001:db8:1::3","dev","v0")
ip("nexthop","add","id","10","group","1/2")
ip("nexthop","add","id","3","dev","v0")
mon=socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0); mon.bind((0,(1<<(11-1))|(1<<(7-1))|(1<<(32-1)) if False else 0))
for g in (11,7,32): mon.setsockopt(270,1,g)
s=socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0); s.bind((0,0)); s.setsockopt(270,11,1)
def req(typ,flags,p,label):
    s.send(nlmsg(typ,flags|1|4,p,seq=7)); 
    for m in parse_msgs(s.recv(65536)): print(label,summarize(m))
    mon.settimeout(0.3)
    try:
        while True:
            for m in parse_msgs(mon.recv(65536)): print("   ev",summarize(m)); 
    except socket.timeout: pass
def rt6(dst,plen,table=254,extra=b"",typ=1):
    return bytes([10,plen,0,0,table,3,0,typ,0,0,0,0])+attr(1,socket.inet_pton(socket.AF_INET6,dst))+extra
def rt4(dst,plen,table=254,extra=b""):
    return bytes([2,plen,0,0,table,3,0,1,0,0,0,0])+attr(1,socket.inet_aton(dst))+extra
req(24,0x400|0x200,rt6("2001:db8:20::",48,extra=u32(30,10)),"add6 nh10")
req(24,0x400|0x200,rt6("2001:db8:21::",48,extra=u32(30,1)),"add6 nh1")
req(24,0x400|0x200,rt6("2001:db8:22::",48,extra=u32(30,3)),"add6 nh3 dev")
req(24,0x400|0x200,rt4("10.20.0.0",16,extra=u32(30,1)),"add4 nh1(v6gw)")
req(24,0x400|0x200,rt4("10.21.0.0",16,extra=u32(30,10)),"add4 nh10")
print(subprocess.run(["ip","-d","route","show","table","all"],capture_output=True,text=True).stdout)
print(subprocess.run(["ip","-6","-d","route","show"],capture_output=True,text=True).stdout)
# dump raw
s.send(nlmsg(26,0x300|1,bytes([0]*12),seq=8))
done=False
while not done:
    for m in parse_msgs(s.recv(65536)):
        if m['type']==3: done=True;break
        sm=summarize(m)
        if 'nh_id' in sm or '2001:db8:2' in sm or '10.2' in sm: print("dump",sm)
req(25,0,rt6("2001:db8:21::",48,extra=u32(30,2)),"del6 by wrong nhid")
req(25,0,rt6("2001:db8:21::",48,extra=u32(30,1)),"del6 by nhid")
req(25,0,rt4("10.21.0.0",16,extra=u32(30,1)),"del4 by wrong nhid")
req(25,0,rt6("2001:db8:20::",48,extra=u32(30,99)),"del6 by unknown nhid")
print("== del nh 1")
req(105,0,bytes([0]*8)+u32(1,1),"delnh 1")
print("== del nh 3")
req(105,0,bytes([0]*8)+u32(1,3),"delnh 3")
print(subprocess.run(["ip","route","show","table","all"],capture_output=True,text=True).stdout)
