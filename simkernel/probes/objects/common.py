import sys; import os; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from nl import *
import socket, struct
lis = NL(ext_ack=False)
for g in [3, 8, 9, 19, 32]: lis.join(g)   # NEIGH=3, IPV4_RULE=8, IPV6_RULE=19, NEXTHOP=32, ROUTE=7
s = NL()
def d(m):
    t=m['type']
    if t in (2,3): return '%s %s'%(RTM_NAME.get(t,t), decode_error(m))
    hl={28:12,29:12,30:12,32:12,33:12,34:12,104:8,105:8,106:8,24:12,25:12}.get(t,0)
    at=parse_attrs(m['payload'][hl:])
    return '%s fl=%s seq=%d pid=%d len=%d hdr=%s attrs=%s'%(RTM_NAME.get(t,t),fl(m['flags'],t),m['seq'],m['pid'],m['len'],m['payload'][:hl].hex(),[(a,v.hex()) for a,v,_ in at])
def step(label, typ, flags, payload):
    r,_ = s.request(typ, flags, payload)
    print('==', label)
    for m in r: print('   R', d(m))
    for m in lis.drain(0.1): print('   M', d(m))
def dump(label, typ, payload, strict=False):
    x = NL(strict=strict)
    import nl; seq=next(nl._seq)
    x.send(nlmsg(typ, F_REQUEST|F_DUMP, payload, seq=seq))
    print('== DUMP', label)
    while True:
        data = x.recv_raw(65536, 1.0)
        if data is None: break
        ms = parse_msgs(data)
        print('   -- datagram %d msgs'%len(ms))
        for m in ms: print('   D', d(m))
        if ms[-1]['type'] in (2,3): break
import subprocess
def sh(c): subprocess.run(c, shell=True)
def frh(fam, dl=0, sl=0, tos=0, table=0, action=1, flags=0): return struct.pack('=BBBBBBBBI', fam, dl, sl, tos, table, 0, 0, action, flags)
def nhm(fam, proto=0, flags=0): return struct.pack('=BBBBI', fam, 0, proto, 0, flags)
RN,RD,RG=32,33,34
NN,ND,NG=104,105,106
