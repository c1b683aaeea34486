import sys; import os; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')); from nl import *
import socket,struct,subprocess,time
def ip(*a): subprocess.run(["ip"]+list(a),check=True)
ip("link","set","lo","up"); ip("link","add","v0","type","veth","peer","name","v1"); ip("link","set","v0","up"); ip("link","set","v1","up")
ip("addr","add","2001:db8:1::1/64","dev","v0","nodad"); ip("addr","add","10.1.0.1/24","dev","v0")
time.sleep(1.5)
ip("nexthop","add","id","1","via","2001:db8:1::2","dev","v0")
ip("nexthop","add","id","2","via","2001:db8:1::3","dev","v0")
ip("nexthop","add","id","10","group","1/2")
ip("nexthop","add","id","4","via","10.1.0.2","dev","v0")
ip("-6","nexthop","add","id","5","blackhole")
ip("nexthop","add","id","6","blackhole")
s=socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0); s.bind((0,0)); s.setsockopt(270,11,1)
def req(typ,flags,p,label):
    s.send(nlmsg(typ,flags|1|4,p,seq=7)); 
    for m in parse_msgs(s.recv(65536)): print(label,summarize(m))
def rt6(dst,plen,table=254,extra=b"",typ=1):
    return bytes([10,plen,0,0,table,3,0,typ,0,0,0,0])+attr(1,socket.inet_pton(socket.AF_INET6,dst))+extra
def rt4(dst,plen,table=254,extra=b""):
    return bytes([2,plen,0,0,table,3,0,1,0,0,0,0])+attr(1,socket.inet_aton(dst))+extra
req(24,0x400|0x200,rt6("2001:db8:20::",48,extra=u32(30,10)),"add6 nh10")
req(24,0x400|0x200,rt6("2001:db8:21::",48,extra=u32(30,1)),"add6 nh1")
req(24,0x400|0x200,rt6("2001:db8:23::",48,extra=u32(30,5)),"add6 nh5 bh6")
req(24,0x400|0x200,rt6("2001:db8:24::",48,extra=u32(30,6)),"add6 nh6 bh-unspec")
req(24,0x400|0x200,rt6("2001:db8:25::",48,extra=u32(30,4)),"add6 nh4 v4")
req(24,0x400|0x200,rt6("2001:db8:21::",48,extra=u32(30,2)),"add6 nh2 same prefix")
req(24,0x400|0x200,rt4("10.20.0.0",16,extra=u32(30,1)),"add4 nh1(v6gw)")
req(24,0x400|0x200,rt4("10.22.0.0",16,extra=u32(30,4)),"add4 nh4")
s.send(nlmsg(26,0x300|1,bytes([0]*12),seq=8))
done=False
while not done:
    for m in parse_msgs(s.recv(65536)):
        if m['type']==3: done=True;break
        sm=summarize(m)
        if '2001:db8:2' in sm or '10.2' in sm:
            print("dump",sm); print("   attrs",[a[0] for a in parse_attrs(m['payload'][12:])] if 'payload' in m else m.keys())
req(25,0,rt4("10.20.0.0",16,extra=u32(30,99)),"del4 unknown nhid")
req(25,0,rt4("10.22.0.0",16,extra=u32(4,3)),"del4 nh-route with oif")
req(25,0,rt4("10.22.0.0",16),"del4 nh-route by prefix")
req(25,0,rt6("2001:db8:21::",48,extra=u32(4,3)),"del6 nh-route with oif")
