"""Pins src/core/random.ts and embedding.ts from an independent path: mulberry32, 32-bit FNV-1a (mixed with a
seed) and Box-Muller written again in Python. Prints the literals that src/core/random.test.ts and
reference.test.ts ("is deterministic") hold the TypeScript to. Run: python3 scripts/pin-random.py"""
import math
M=0xFFFFFFFF
def imul(a,b):  # Math.imul, as unsigned 32 bits
    return (a*b)&M
def mulberry32(seed):
    state=[seed&M]
    def uniform():
        state[0]=(state[0]+0x6D2B79F5)&M
        t=state[0]
        t=imul(t^(t>>15), t|1)
        t^=(t+imul(t^(t>>7), t|61))&M
        return ((t^(t>>14))&M)/4294967296
    def normal():
        r=math.sqrt(-2*math.log(1-uniform()))
        return r*math.cos(2*math.pi*uniform())
    return uniform, normal
def fnv(text, seed=0):
    h=(0x811c9dc5 ^ imul(seed&M, 0x9e3779b1))&M
    data=text.encode('utf-16-le')  # JavaScript strings are UTF-16 code units
    for unit in [int.from_bytes(data[i:i+2],'little') for i in range(0,len(data),2)]:
        h^=unit
        h=imul(h,0x01000193)
    return h
u,_=mulberry32(42); print("uniform42", [repr(u()) for _ in range(4)])
_,n=mulberry32(7); print("normal7", [repr(n()) for _ in range(3)])
print("hash cat 0", fnv("cat",0), "hash 猫 3", fnv("猫",3), "hash empty 0", fnv("",0))
_,n=mulberry32(fnv("cat",0)); print("emb cat 4 0", [repr(n()) for _ in range(4)])
_,n=mulberry32(fnv("it",1)); print("emb it 3 1", [repr(n()) for _ in range(3)])
for tok in ["x","y"]:
    _,n=mulberry32(fnv(tok,7)); print("emb", tok, "3 7", [repr(n()) for _ in range(3)])
