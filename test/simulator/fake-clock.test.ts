import { expect } from "chai";
import { createFakeClock, FAKE_CLOCK_START } from "../support/fake-clock.js";

describe("fake clock", () => {
  it("starts at the doc's example time by default, or at the given time", () => {
    expect(createFakeClock().now()).to.equal(Date.UTC(2017, 8, 6, 11, 47, 23));
    expect(createFakeClock().now()).to.equal(FAKE_CLOCK_START);
    expect(createFakeClock(1000).now()).to.equal(1000);
  });

  it("runs due timers in time order with now() at each due time", () => {
    const clock = createFakeClock(0);
    const seen: [string, number][] = [];
    clock.setTimer(300, () => seen.push(["c", clock.now()]));
    clock.setTimer(100, () => seen.push(["a", clock.now()]));
    clock.setTimer(200, () => seen.push(["b", clock.now()]));
    clock.setTimer(100, () => seen.push(["a2", clock.now()])); // tie: scheduling order
    expect(clock.pending()).to.equal(4);
    clock.advance(250);
    expect(seen).to.deep.equal([["a", 100], ["a2", 100], ["b", 200]]);
    expect(clock.now()).to.equal(250);
    expect(clock.pending()).to.equal(1);
    expect(clock.nextTimerAt()).to.equal(300);
    clock.advance(50);
    expect(seen.at(-1)).to.deep.equal(["c", 300]);
    expect(clock.pending()).to.equal(0);
  });

  it("runs timers scheduled by timers during advance when they fall due", () => {
    const clock = createFakeClock(0);
    const seen: number[] = [];
    const tick = () => {
      seen.push(clock.now());
      clock.setTimer(100, tick);
    };
    clock.setTimer(100, tick);
    clock.advance(450);
    expect(seen).to.deep.equal([100, 200, 300, 400]);
    expect(clock.pending()).to.equal(1);
    // A zero-delay timer set during advance runs in the same advance.
    const zero: number[] = [];
    clock.setTimer(10, () => clock.setTimer(0, () => zero.push(clock.now())));
    clock.advance(10);
    expect(zero).to.deep.equal([460]);
  });

  it("cancels timers, and cancelling twice or after running is harmless", () => {
    const clock = createFakeClock(0);
    let ran = 0;
    const cancel = clock.setTimer(10, () => ran++);
    const other = clock.setTimer(20, () => ran++);
    cancel();
    cancel();
    expect(clock.pending()).to.equal(1);
    clock.advance(100);
    expect(ran).to.equal(1);
    other();
    expect(clock.pending()).to.equal(0);
  });

  it("runAll runs everything and advances time; guards against endless rescheduling", () => {
    const clock = createFakeClock(0);
    let ran = 0;
    clock.setTimer(1000, () => ran++);
    clock.setTimer(5, () => clock.setTimer(5000, () => ran++));
    clock.runAll();
    expect(ran).to.equal(2);
    expect(clock.now()).to.equal(5005);
    const loop = () => void clock.setTimer(1, loop);
    clock.setTimer(1, loop);
    expect(() => clock.runAll(50)).to.throw(/rescheduling/);
  });

  it("rejects going backwards", () => {
    const clock = createFakeClock(0);
    expect(() => clock.advance(-1)).to.throw(/>= 0/);
    clock.advanceTo(-5);
    expect(clock.now()).to.equal(0);
  });

  it("treats negative and non-finite delays as 0", () => {
    const clock = createFakeClock(0);
    let ran = 0;
    clock.setTimer(-5, () => ran++);
    clock.setTimer(Number.NaN, () => ran++);
    clock.advance(0);
    expect(ran).to.equal(2);
  });
});
