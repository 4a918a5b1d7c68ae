// Touch the network: the video's own network, live in the page (plain JS, no library).
//
// Every number comes from window.EXPLAINER_DATA (touch-data.js), written by `python -m studio lesson`
// from the project's assets: weights, checkpoints, netcore.preprocess's rules, the questions.
// Interface (see the README):
//   window.explainer.forward(pixels)    784 numbers in [0, 1] -> {activations: [a1, a2, a3], zs, answer}
//   window.explainer.prepare(imageData) an ImageData (or {width, height, data}) -> 784 numbers in [0, 1]
(function () {
  "use strict";
  const DATA = window.EXPLAINER_DATA;
  const RULES = DATA.preprocess;
  const SIZE = RULES.size;
  const PIXELS = SIZE * SIZE;

  // ---- Numbers: base64 arrays, the forward pass --------------------------------------------------

  function decode(packed) {
    const bytes = Uint8Array.from(atob(packed.data), function (c) { return c.charCodeAt(0); });
    const kind = packed.type === "float32" ? Float32Array : Float64Array;
    return Float64Array.from(new kind(bytes.buffer));  // computed in float64, as netcore does
  }

  function network(spec) {
    return {
      sizes: spec.sizes,
      activations: spec.activations,
      weights: spec.weights.map(decode),  // row-major (n_out, n_in)
      biases: spec.biases.map(decode),
    };
  }

  const NET = network(DATA.network);
  const CHECKPOINTS = DATA.checkpoints.networks.map(network);
  const SQUISH = {
    sigmoid: function (z) { return 1 / (1 + Math.exp(-z)); },
    relu: function (z) { return z > 0 ? z : 0; },
  };

  // z = W a + b and a = f(z), layer by layer; the output layer is a sigmoid as in netcore.network.
  function run(net, pixels) {
    let a = pixels;
    const zs = [], activations = [];
    for (let l = 0; l < net.weights.length; l++) {
      const w = net.weights[l], b = net.biases[l], nIn = a.length, nOut = b.length;
      const f = SQUISH[l === net.weights.length - 1 ? "sigmoid" : net.activations[l]];
      const z = new Float64Array(nOut), out = new Float64Array(nOut);
      for (let j = 0; j < nOut; j++) {
        let sum = 0;
        const row = j * nIn;
        for (let i = 0; i < nIn; i++) sum += w[row + i] * a[i];
        z[j] = sum + b[j];
        out[j] = f(z[j]);
      }
      zs.push(z);
      activations.push(out);
      a = out;
    }
    const output = activations[activations.length - 1];
    let answer = 0;
    for (let k = 1; k < output.length; k++) if (output[k] > output[answer]) answer = k;
    return {zs: zs, activations: activations, answer: answer};
  }

  function checkedPixels(pixels) {
    if (!pixels || pixels.length !== PIXELS) throw new Error("forward needs " + PIXELS + " numbers, got " + (pixels && pixels.length));
    return Float64Array.from(pixels);
  }

  // ---- Preparing a picture as netcore.preprocess does -------------------------------------------
  // grey -> ink (polarity, paper and its light, threshold, lines, the digit's pieces, ink level)
  // -> crop -> strokes brought to MNIST's width -> crop -> fit 20x20 -> centre of mass on (14, 14).

  // A new typed array of n values fn(0) ... fn(n - 1). (A plain loop: TypedArray.from and map with a function
  // are many times slower in V8, which matters on a photo's million pixels.)
  function make(n, Type, fn) {
    const out = new Type(n);
    for (let p = 0; p < n; p++) out[p] = fn(p);
    return out;
  }

  // The k-th smallest of a (reordered in place: smaller values before k, larger after), by quickselect.
  function select(a, k) {
    let lo = 0, hi = a.length - 1;
    while (hi > lo) {
      const pivot = a[(lo + hi) >> 1];
      let i = lo, j = hi;
      while (i <= j) {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
      }
      if (k <= j) hi = j; else if (k >= i) lo = i; else return a[k];
    }
    return a[k];
  }

  function percentile(values, q) {  // NumPy's default (linear) percentile, q in [0, 100]
    const a = new Float64Array(values), at = (a.length - 1) * q / 100, low = Math.floor(at);
    const below = select(a, low);
    if (at === low) return below;
    let above = Infinity;
    for (let i = low + 1; i < a.length; i++) if (a[i] < above) above = a[i];
    return below + (above - below) * (at - low);
  }

  function median(values) { return percentile(values, 50); }

  function roundHalfEven(x) {  // NumPy's round
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }

  // An ImageData as grey levels in [0, 1], with Pillow's luminance (L = 0.299 R + 0.587 G + 0.114 B, fixed point).
  // Transparent pixels become white behind a dark drawing, black behind a light one, as netcore.imagefile does.
  function greyOf(image) {
    const n = image.width * image.height, d = image.data;
    const lum = new Float64Array(n);
    let alphaSum = 0, weighted = 0, transparent = false;
    for (let p = 0; p < n; p++) {
      lum[p] = (d[4 * p] * 19595 + d[4 * p + 1] * 38470 + d[4 * p + 2] * 7471 + 0x8000) >> 16;
      const alpha = d[4 * p + 3];
      if (alpha < 255) transparent = true;
      alphaSum += alpha;
      weighted += lum[p] * alpha;
    }
    const grey = new Float64Array(n);
    const back = alphaSum > 0 && weighted / alphaSum > 127.5 ? 0 : 255;
    for (let p = 0; p < n; p++) {
      const alpha = transparent ? d[4 * p + 3] / 255 : 1;
      grey[p] = Math.round(lum[p] * alpha + back * (1 - alpha)) / 255;
    }
    return {w: image.width, h: image.height, v: grey};
  }

  // Pillow's resampling (precompute_coeffs and the float passes, horizontal first), for its BOX and BILINEAR filters.
  const FILTERS = {
    box: {support: 0.5, f: function (x) { return x > -0.5 && x <= 0.5 ? 1 : 0; }},
    bilinear: {support: 1, f: function (x) { x = Math.abs(x); return x < 1 ? 1 - x : 0; }},
  };

  function coefficients(inSize, outSize, filter) {
    const scale = inSize / outSize, filterscale = Math.max(scale, 1), support = filter.support * filterscale;
    const list = [];
    for (let xx = 0; xx < outSize; xx++) {
      const center = (xx + 0.5) * scale, ss = 1 / filterscale;
      const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
      const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
      const k = new Float64Array(xmax);
      let ww = 0;
      for (let x = 0; x < xmax; x++) { k[x] = filter.f((x + xmin - center + 0.5) * ss); ww += k[x]; }
      if (ww !== 0) for (let x = 0; x < xmax; x++) k[x] /= ww;
      list.push({min: xmin, k: k});
    }
    return list;
  }

  function resize(img, w, h, filterName) {
    const filter = FILTERS[filterName];
    let src = img;
    if (w !== img.w) {
      const cs = coefficients(img.w, w, filter), out = new Float64Array(w * img.h);
      for (let y = 0; y < img.h; y++) for (let x = 0; x < w; x++) {
        const c = cs[x]; let s = 0;
        for (let i = 0; i < c.k.length; i++) s += img.v[y * img.w + c.min + i] * c.k[i];
        out[y * w + x] = Math.fround(s);  // Pillow keeps float images in float32
      }
      src = {w: w, h: img.h, v: out};
    }
    if (h !== img.h) {
      const cs = coefficients(img.h, h, filter), out = new Float64Array(w * h);
      for (let y = 0; y < h; y++) {
        const c = cs[y];
        for (let x = 0; x < w; x++) {
          let s = 0;
          for (let i = 0; i < c.k.length; i++) s += src.v[(c.min + i) * w + x] * c.k[i];
          out[y * w + x] = Math.fround(s);
        }
      }
      src = {w: w, h: h, v: out};
    }
    return src;
  }

  function border(img) {  // the band along the four edges, as netcore.ink._border (corners counted twice, as there)
    const band = Math.max(1, Math.floor(Math.min(img.w, img.h) / 20));
    const values = new Float64Array(2 * band * (img.w + img.h));
    let n = 0;
    for (let y = 0; y < band; y++) for (let x = 0; x < img.w; x++) values[n++] = img.v[y * img.w + x];
    for (let y = img.h - band; y < img.h; y++) for (let x = 0; x < img.w; x++) values[n++] = img.v[y * img.w + x];
    for (let y = 0; y < img.h; y++) for (let x = 0; x < band; x++) values[n++] = img.v[y * img.w + x];
    for (let y = 0; y < img.h; y++) for (let x = img.w - band; x < img.w; x++) values[n++] = img.v[y * img.w + x];
    return values;
  }

  // A flat minimum (or maximum) filter over a square, SciPy's grey_erosion (grey_dilation) with mode "reflect".
  function rankFilter(img, size, isMax) {
    const before = isMax ? size - (size >> 1) - 1 : size >> 1, after = size - 1 - before;
    const pick = isMax ? Math.max : Math.min;
    function reflect(i, n) {
      while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1;
      return i;
    }
    const rows = new Float64Array(img.v.length), out = new Float64Array(img.v.length);
    for (let y = 0; y < img.h; y++) for (let x = 0; x < img.w; x++) {
      let m = img.v[y * img.w + reflect(x - before, img.w)];
      for (let i = -before + 1; i <= after; i++) m = pick(m, img.v[y * img.w + reflect(x + i, img.w)]);
      rows[y * img.w + x] = m;
    }
    for (let y = 0; y < img.h; y++) for (let x = 0; x < img.w; x++) {
      let m = rows[reflect(y - before, img.h) * img.w + x];
      for (let i = -before + 1; i <= after; i++) m = pick(m, rows[reflect(y + i, img.h) * img.w + x]);
      out[y * img.w + x] = m;
    }
    return {w: img.w, h: img.h, v: out};
  }

  // netcore.ink._opening: the grey opening on blocks of size/16 (each block's darkest pixel), brought back bilinearly.
  function opening(img, size) {
    const block = Math.max(1, Math.floor(size / 16));
    const bw = Math.ceil(img.w / block), bh = Math.ceil(img.h / block);
    const blocks = new Float64Array(bw * bh).fill(Infinity);
    for (let y = 0; y < bh * block; y++) for (let x = 0; x < bw * block; x++) {
      const v = img.v[Math.min(y, img.h - 1) * img.w + Math.min(x, img.w - 1)];  // edge padding
      const b = Math.floor(y / block) * bw + Math.floor(x / block);
      if (v < blocks[b]) blocks[b] = v;
    }
    const reach = Math.max(1, roundHalfEven(size / block));
    let small = rankFilter(rankFilter({w: bw, h: bh, v: blocks}, reach, false), reach, true);
    if (block === 1) return small;
    small = {w: bw, h: bh, v: make(small.v.length, Float64Array, function (p) { return Math.fround(small.v[p]); })};
    const big = resize(small, bw * block, bh * block, "bilinear"), out = new Float64Array(img.w * img.h);
    for (let y = 0; y < img.h; y++) for (let x = 0; x < img.w; x++) out[y * img.w + x] = big.v[y * big.w + x];
    return {w: img.w, h: img.h, v: out};
  }

  function strokeWidth(mask, w, h) {  // 2 x area / perimeter, as netcore.strokes.stroke_width
    let area = 0, perimeter = 0;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const m = mask[y * w + x];
      area += m;
      if (m !== (x > 0 ? mask[y * w + x - 1] : 0)) perimeter++;
      if (m !== (y > 0 ? mask[(y - 1) * w + x] : 0)) perimeter++;
      if (x === w - 1 && m) perimeter++;
      if (y === h - 1 && m) perimeter++;
    }
    return perimeter ? 2 * area / perimeter : 0;
  }

  // The paper under every pixel (ink high), its noise, and the opening's width (null when evenly lit).
  function paperOf(signal, borderLevel) {
    const edge = border(signal);
    const low = percentile(edge, 10), high = percentile(edge, 90);
    if (high - low <= RULES.minContrast) {
      const noise = Math.max(1.4826 * median(make(edge.length, Float64Array, function (p) { return Math.abs(edge[p] - borderLevel); })), 1 / 255);
      return {level: new Float64Array(signal.v.length).fill(borderLevel), noise: noise, window: null};
    }
    const short = Math.min(signal.w, signal.h);
    let size = Math.max(3, Math.floor(short / 6));
    let opened = opening(signal, size);
    const marks = make(signal.v.length, Uint8Array, function (p) { return signal.v[p] - opened.v[p] > RULES.minContrast ? 1 : 0; });
    const wide = Math.min(short, Math.ceil(3 * strokeWidth(marks, signal.w, signal.h)));
    if (wide > size) { size = wide; opened = opening(signal, size); }
    const stride = Math.max(1, Math.floor(signal.v.length / 100000)), residual = [];
    for (let p = 0; p < signal.v.length; p += stride) residual.push(signal.v[p] - opened.v[p]);
    const offset = median(residual);
    const noise = Math.max(1.4826 * median(make(residual.length, Float64Array, function (p) { return Math.abs(residual[p] - offset); })), 1 / 255);
    return {level: make(opened.v.length, Float64Array, function (p) { return opened.v[p] + offset; }), noise: noise, window: size};
  }

  // The page's own line step: ink whose run along a row or a column is this short is a paper line.
  function removeLines(mask, w, h) {
    const most = Math.max(1, Math.round(RULES.lineRun * Math.min(w, h)));
    const out = Uint8Array.from(mask);
    let removed = 0;
    function runs(outer, inner, at) {
      for (let o = 0; o < outer; o++) {
        let i = 0;
        while (i < inner) {
          if (!mask[at(o, i)]) { i++; continue; }
          let j = i;
          while (j < inner && mask[at(o, j)]) j++;
          if (j - i <= most) for (let k = i; k < j; k++) { if (out[at(o, k)]) removed++; out[at(o, k)] = 0; }
          i = j;
        }
      }
    }
    runs(w, h, function (x, y) { return y * w + x; });  // down each column: across horizontal lines
    runs(h, w, function (y, x) { return y * w + x; });  // along each row: across vertical lines
    return {mask: out, removed: removed};
  }

  // 8-connected pieces: a label per pixel (0 = none), and each piece's pixels.
  function pieces(mask, w, h) {
    const labels = new Int32Array(w * h), list = [];
    const stack = [];
    for (let start = 0; start < w * h; start++) {
      if (!mask[start] || labels[start]) continue;
      const piece = [];
      labels[start] = list.length + 1;
      stack.push(start);
      while (stack.length) {
        const p = stack.pop(), x = p % w, y = (p - x) / w;
        piece.push(p);
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx, ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const q = ny * w + nx;
          if (mask[q] && !labels[q]) { labels[q] = list.length + 1; stack.push(q); }
        }
      }
      list.push(piece);
    }
    return {labels: labels, list: list};
  }

  function gap(a, b) {  // paper between two boxes [top, left, bottom, right), as netcore.ink._gap
    return Math.max(a[0] - b[2], b[0] - a[2], a[1] - b[3], b[1] - a[3], 0);
  }

  // Whether a piece is one long, thin, straight mark: a margin, a page's edge (netcore.paperlines.is_stray_line).
  function isStrayLine(piece, w, thickness, longSide) {
    const n = piece.length;
    if (n < 3) return false;
    let sr = 0, sc = 0;
    for (const p of piece) { sr += (p - p % w) / w; sc += p % w; }
    const mr = sr / n, mc = sc / n;
    let rr = 0, rc = 0, cc = 0;
    for (const p of piece) {
      const dr = (p - p % w) / w - mr, dc = p % w - mc;
      rr += dr * dr; rc += dr * dc; cc += dc * dc;
    }
    rr /= n - 1; rc /= n - 1; cc /= n - 1;  // NumPy's cov (n - 1), then its two eigenvalues
    const middle = (rr + cc) / 2, radius = Math.sqrt((rr - cc) * (rr - cc) / 4 + rc * rc);
    // A straight band of length L and width w has variances L^2/12 and w^2/12.
    const length = Math.sqrt(12 * (middle + radius)), width = Math.sqrt(12 * Math.max(middle - radius, 0));
    return length >= RULES.strayLength * longSide && width <= thickness && length >= RULES.strayAspect * Math.max(width, 1);
  }

  // The digit: the heaviest piece and the pieces near it (netcore.ink._digit); null pieces and a reason when there is none.
  function digitOf(candidates, contrast, w, h) {
    const found = pieces(candidates, w, h);
    const info = found.list.map(function (piece) {
      let mass = 0, top = h, left = w, bottom = 0, right = 0;
      for (const p of piece) {
        const x = p % w, y = (p - x) / w;
        mass += contrast[p];
        top = Math.min(top, y); left = Math.min(left, x); bottom = Math.max(bottom, y + 1); right = Math.max(right, x + 1);
      }
      return {mass: mass, box: [top, left, bottom, right], piece: piece};
    });
    let heaviest = 0;
    for (const i of info) heaviest = Math.max(heaviest, i.mass);
    const thickness = Math.max(2, roundHalfEven(RULES.lineThickness * Math.min(w, h)));
    const kept = info.filter(function (i) { return i.mass >= RULES.minPiece * heaviest && !isStrayLine(i.piece, w, thickness, Math.max(w, h)); });
    if (!kept.length) return {refused: "no ink: only lines and specks"};
    const main = kept.reduce(function (a, b) { return b.mass > a.mass ? b : a; });
    const size = Math.max(main.box[2] - main.box[0], main.box[3] - main.box[1]);
    const height = function (i) { return i.box[2] - i.box[0]; };
    // Another piece nearly as heavy, about as tall, wholly in the picture and apart from it is a second digit.
    for (const i of kept) {
      const similar = height(i) >= RULES.secondHeight * height(main) && RULES.secondHeight * height(i) <= height(main);
      const whole = i.box[0] > 0 && i.box[1] > 0 && i.box[2] < h && i.box[3] < w;
      if (i.mass >= RULES.secondMass * main.mass && similar && whole && gap(i.box, main.box) > RULES.secondGap * size) {
        return {refused: "two or more separate digits: show one digit only, or crop the picture to it"};
      }
    }
    const chosen = new Set([main]);
    let box = main.box.slice();
    for (;;) {
      const near = kept.filter(function (i) { return !chosen.has(i) && gap(i.box, box) <= RULES.near * size; });
      if (!near.length) break;
      for (const i of near) {
        chosen.add(i);
        box = [Math.min(box[0], i.box[0]), Math.min(box[1], i.box[1]), Math.max(box[2], i.box[2]), Math.max(box[3], i.box[3])];
      }
    }
    const needed = Math.max(RULES.minDigitPixels, RULES.minDigit * Math.min(w, h));
    if (Math.max(box[2] - box[0], box[3] - box[1]) < needed) return {refused: "no digit: the only ink is a speck, too small for a digit"};
    const digit = new Uint8Array(w * h);
    for (const i of chosen) for (const p of i.piece) digit[p] = 1;
    return {mask: digit, box: box, pieces: chosen.size};
  }

  // Ink strength in [0, 1] of the one digit in a grey picture, and the steps taken (netcore.ink.find_ink).
  function findInk(grey) {
    const steps = [];
    const paperGrey = median(border(grey));
    let lo = Infinity, hi = -Infinity;
    for (let p = 0; p < grey.v.length; p++) { lo = Math.min(lo, grey.v[p]); hi = Math.max(hi, grey.v[p]); }
    const dark = paperGrey - lo > hi - paperGrey;
    const signal = {w: grey.w, h: grey.h, v: dark ? make(grey.v.length, Float64Array, function (p) { return 1 - grey.v[p]; }) : grey.v};
    steps.push("polarity: " + (dark ? "dark ink on light paper" : "light ink on a dark background"));
    const paper = paperOf(signal, dark ? 1 - paperGrey : paperGrey);
    steps.push(paper.window === null ? "paper: evenly lit" : "paper: unevenly lit, light estimated over " + paper.window + " px");
    const n = signal.v.length, raw = new Float64Array(n), reach = new Float64Array(n), contrast = new Float64Array(n);
    const least = Math.max(5 * paper.noise, RULES.minContrast);
    let candidates = new Uint8Array(n), any = false;
    for (let p = 0; p < n; p++) {
      raw[p] = Math.max(signal.v[p] - paper.level[p], 0);
      reach[p] = Math.max(1 - paper.level[p], 0.05);
      contrast[p] = raw[p] / reach[p];
      if (raw[p] > least) { candidates[p] = 1; any = true; }
    }
    if (!any) return {ink: null, steps: steps.concat("no ink: the picture is blank or its marks too faint")};
    const lines = removeLines(candidates, signal.w, signal.h);
    candidates = lines.mask;
    if (lines.removed) steps.push("lines: " + lines.removed + " pixels of thin lines removed");
    if (candidates.indexOf(1) < 0) return {ink: null, steps: steps.concat("no ink: only lines")};
    const digit = digitOf(candidates, contrast, signal.w, signal.h);
    if (digit.refused) return {ink: null, steps: steps.concat(digit.refused)};
    steps.push("digit: " + digit.pieces + " piece" + (digit.pieces > 1 ? "s" : ""));
    const inDigit = [];
    for (let p = 0; p < n; p++) if (digit.mask[p]) inDigit.push(contrast[p]);
    const level = percentile(inDigit, 90);
    const w = signal.w, h = signal.h, ink = new Float64Array(n);
    const [top, left, bottom, right] = digit.box;
    for (let y = Math.max(top - 1, 0); y < Math.min(bottom + 1, h); y++) {
      for (let x = Math.max(left - 1, 0); x < Math.min(right + 1, w); x++) {
        let nearDigit = false;  // within the digit dilated by a 3x3 square, inside the box grown by one
        for (let dy = -1; dy <= 1 && !nearDigit; dy++) for (let dx = -1; dx <= 1; dx++) {
          const ny = y + dy, nx = x + dx;
          if (ny >= Math.max(top - 1, 0) && ny < Math.min(bottom + 1, h) && nx >= Math.max(left - 1, 0) && nx < Math.min(right + 1, w)
              && digit.mask[ny * w + nx]) { nearDigit = true; break; }
        }
        const p = y * w + x;
        const value = Math.min(Math.max(contrast[p] / level, 0), 1);
        const floor = Math.min(Math.max(RULES.minInk, 5 * paper.noise / (reach[p] * level)), 0.5);
        ink[p] = nearDigit && value >= floor ? value : 0;
      }
    }
    steps.push("ink: typical stroke level " + level.toFixed(2) + " becomes 1");
    return {ink: {w: w, h: h, v: ink}, steps: steps};
  }

  function crop(img) {
    let top = img.h, left = img.w, bottom = -1, right = -1;
    for (let y = 0; y < img.h; y++) for (let x = 0; x < img.w; x++) if (img.v[y * img.w + x] > 0) {
      top = Math.min(top, y); bottom = Math.max(bottom, y); left = Math.min(left, x); right = Math.max(right, x);
    }
    const w = right - left + 1, h = bottom - top + 1, v = new Float64Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) v[y * w + x] = img.v[(y + top) * img.w + x + left];
    return {w: w, h: h, v: v};
  }

  // Exact Euclidean distance of every set pixel to the nearest unset one (SciPy's distance_transform_edt),
  // by Felzenszwalb and Huttenlocher's lower envelope of parabolas, rows then columns.
  function distance(mask, w, h) {
    const big = 1e20, f = new Float64Array(w * h);
    for (let p = 0; p < w * h; p++) f[p] = mask[p] ? big : 0;
    function pass(count, length, at) {
      const d = new Float64Array(length), v = new Int32Array(length), z = new Float64Array(length + 1), g = new Float64Array(length);
      for (let o = 0; o < count; o++) {
        for (let i = 0; i < length; i++) g[i] = f[at(o, i)];
        let k = 0; v[0] = 0; z[0] = -Infinity; z[1] = Infinity;
        for (let q = 1; q < length; q++) {
          let s = ((g[q] + q * q) - (g[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
          while (s <= z[k]) { k--; s = ((g[q] + q * q) - (g[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]); }
          k++; v[k] = q; z[k] = s; z[k + 1] = Infinity;
        }
        k = 0;
        for (let q = 0; q < length; q++) {
          while (z[k + 1] < q) k++;
          d[q] = (q - v[k]) * (q - v[k]) + g[v[k]];
        }
        for (let i = 0; i < length; i++) f[at(o, i)] = d[i];
      }
    }
    pass(h, w, function (y, x) { return y * w + x; });
    pass(w, h, function (x, y) { return y * w + x; });
    return make(f.length, Float64Array, function (p) { return Math.sqrt(f[p]); });
  }

  function pad(img, margin) {
    const w = img.w + 2 * margin, h = img.h + 2 * margin, v = new Float64Array(w * h);
    for (let y = 0; y < img.h; y++) for (let x = 0; x < img.w; x++) v[(y + margin) * w + x + margin] = img.v[y * img.w + x];
    return {w: w, h: h, v: v};
  }

  function countPieces(mask, w, h) { return pieces(mask, w, h).list.length; }

  // Strokes far thinner or fatter than MNIST's (once fitted to the 20-pixel box) brought to about its width
  // (netcore.strokes.normalise_strokes).
  function normaliseStrokes(ink) {
    let mask = make(ink.v.length, Uint8Array, function (p) { return ink.v[p] >= 0.5 ? 1 : 0; });
    if (mask.indexOf(1) < 0) mask = make(ink.v.length, Uint8Array, function (p) { return ink.v[p] > 0 ? 1 : 0; });
    const scale = RULES.box / Math.max(ink.w, ink.h), width = strokeWidth(mask, ink.w, ink.h) * scale;
    if (width < RULES.minStroke) {
      const grow = (RULES.thinTarget / scale - width / scale) / 2, margin = Math.ceil(grow) + 2;
      const padded = pad(ink, margin), paddedMask = pad({w: ink.w, h: ink.h, v: mask}, margin);
      const away = distance(make(paddedMask.v.length, Uint8Array, function (p) { return paddedMask.v[p] ? 0 : 1; }), padded.w, padded.h);
      const v = make(padded.v.length, Float64Array, function (p) { return Math.max(padded.v[p], Math.min(Math.max(grow + 1 - away[p], 0), 1)); });
      return {ink: {w: padded.w, h: padded.h, v: v}, step: "strokes: widened (" + width.toFixed(2) + " px in 20)"};
    }
    if (width > RULES.maxStroke) {
      const target = RULES.fatTarget / scale, inside = distance(mask, ink.w, ink.h);
      let low = 0, high = -1;
      for (let p = 0; p < inside.length; p++) high = Math.max(high, inside[p] - 1);
      for (let i = 0; i < 12; i++) {
        const middle = (low + high) / 2;
        const deeper = make(inside.length, Uint8Array, function (p) { return inside[p] >= middle + 1 ? 1 : 0; });
        if (strokeWidth(deeper, ink.w, ink.h) > target) low = middle; else high = middle;
      }
      const count = countPieces(mask, ink.w, ink.h);
      for (const depth of [low, low / 2, low / 4]) {
        const thinned = make(inside.length, Float64Array, function (p) { return Math.min(Math.max(inside[p] - depth, 0), 1); });
        if (countPieces(make(thinned.length, Uint8Array, function (p) { return thinned[p] >= 0.5 ? 1 : 0; }), ink.w, ink.h) === count) {
          return {ink: {w: ink.w, h: ink.h, v: thinned}, step: "strokes: thinned (" + width.toFixed(2) + " px in 20)"};
        }
      }
      return {ink: ink, step: "strokes: kept (thinning would cut them)"};
    }
    return {ink: ink, step: "strokes: kept (" + width.toFixed(2) + " px in 20)"};
  }

  // Fit to 20x20 keeping the shape, then shift by whole pixels so the centre of mass sits on (14, 14) (netcore.preprocess._place).
  function place(ink) {
    let scale = RULES.box / Math.max(ink.w, ink.h);
    for (;;) {
      const w = Math.max(1, Math.round(ink.w * scale)), h = Math.max(1, Math.round(ink.h * scale));
      const digit = resize(ink, w, h, "bilinear");
      const field = new Float64Array(PIXELS);
      const top = (SIZE - h) >> 1, left = (SIZE - w) >> 1;
      let mass = 0, rows = 0, cols = 0;
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
        const v = Math.min(Math.max(digit.v[y * w + x], 0), 1);
        field[(y + top) * SIZE + x + left] = v;
        mass += v; rows += v * (y + top); cols += v * (x + left);
      }
      if (mass <= 0) return null;
      const dy = roundHalfEven(RULES.centre - rows / mass), dx = roundHalfEven(RULES.centre - cols / mass);
      let first = [SIZE, SIZE], last = [-1, -1];
      for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) if (field[y * SIZE + x] > 0) {
        first = [Math.min(first[0], y), Math.min(first[1], x)]; last = [Math.max(last[0], y), Math.max(last[1], x)];
      }
      if (first[0] + dy >= 0 && first[1] + dx >= 0 && last[0] + dy < SIZE && last[1] + dx < SIZE) {
        const out = new Float64Array(PIXELS);
        let most = 0;
        for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) {
          const sy = y - dy, sx = x - dx;
          out[y * SIZE + x] = sy >= 0 && sx >= 0 && sy < SIZE && sx < SIZE ? field[sy * SIZE + sx] : 0;
          most = Math.max(most, out[y * SIZE + x]);
        }
        return {pixels: out.map(function (v) { return Math.min(Math.max(v / most, 0), 1); }),
                step: "fit " + w + "×" + h + " in " + RULES.box + "×" + RULES.box + ", centred in " + SIZE + "×" + SIZE};
      }
      scale *= 0.9;  // a lopsided digit would leave the field: shrink it a little, as netcore does
    }
  }

  // The whole preparation: 784 numbers and the steps taken, or null pixels when there is no digit.
  function prepareWithSteps(image) {
    let grey = greyOf(image);
    const steps = [];
    if (Math.max(grey.w, grey.h) > RULES.workSide) {
      const f = RULES.workSide / Math.max(grey.w, grey.h);
      grey = resize(grey, Math.max(1, Math.round(grey.w * f)), Math.max(1, Math.round(grey.h * f)), "box");
      steps.push("reduce to " + grey.w + "×" + grey.h);
    }
    const found = findInk(grey);
    steps.push.apply(steps, found.steps);
    if (found.ink === null) return {pixels: null, steps: steps};
    const strokes = normaliseStrokes(crop(found.ink));
    steps.push(strokes.step);
    const placed = place(crop(strokes.ink));
    if (placed === null) return {pixels: null, steps: steps.concat("no ink left after fitting")};
    steps.push(placed.step);
    return {pixels: placed.pixels, steps: steps};
  }

  // ---- Showing numbers as the video writes them (storyboard.words) -----------------------------

  const FORMAT = DATA.format;

  function written(value, decimals) {
    const d = decimals === undefined ? FORMAT.decimals : decimals;
    let text = Number(value).toFixed(d);
    if (text.startsWith("-") && Number(text) === 0) text = text.slice(1);
    return text.replace("-", FORMAT.minus);
  }

  function decimalsThatAddUp(addends, total) {
    for (let d = FORMAT.decimals; d <= FORMAT.most; d++) {
      const sum = addends.reduce(function (s, a) { return s + Number(Number(a).toFixed(d)); }, 0);
      if (written(sum, d) === written(total, d)) return d;
    }
    return FORMAT.most;
  }

  // ---- The page ---------------------------------------------------------------------------------

  const doc = document;
  const $ = function (id) { return doc.getElementById(id); };
  const state = {pixels: new Float64Array(PIXELS), trace: null, neuron: null, source: "none"};

  function paint(canvas, values, tint) {  // a 28x28 picture: grey ink on the paper, or signed weights blue/red over it
    const ctx = canvas.getContext("2d"), image = ctx.createImageData(SIZE, SIZE);
    let most = 0;
    if (tint) for (const v of tint) most = Math.max(most, Math.abs(v));
    for (let p = 0; p < PIXELS; p++) {
      const g = Math.round(255 * (values ? values[p] : 0));
      let rgb = [g, g, g];
      if (tint && most > 0) {
        const s = tint[p] / most, strength = Math.abs(s);
        const hue = s >= 0 ? [88, 166, 255] : [255, 92, 92];
        rgb = rgb.map(function (c, i) { return Math.round(c * (1 - strength) + hue[i] * strength); });
      }
      image.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * p);
    }
    ctx.putImageData(image, 0, 0);
  }

  // The network as the video draws it: the input picture, 16, 16 and 10 neurons, the strongest edges.
  const SVG = "http://www.w3.org/2000/svg";
  const net = $("net");
  const layout = {inputX: 16, inputY: 60, cell: 8, columns: [330, 470, 600], top: 20, bottom: 340};

  function svg(name, attrs, parent) {
    const el = doc.createElementNS(SVG, name);
    for (const k in attrs) el.setAttribute(k, attrs[k]);
    (parent || net).appendChild(el);
    return el;
  }

  function neuronY(size, j) {
    const step = (layout.bottom - layout.top) / size;
    return layout.top + step * (j + 0.5);
  }

  const drawing = {cells: [], circles: [], edges: null};

  function buildNetwork() {
    const inputs = svg("g", {"aria-hidden": "true"});
    for (let p = 0; p < PIXELS; p++) {
      drawing.cells.push(svg("rect", {x: layout.inputX + (p % SIZE) * layout.cell, y: layout.inputY + Math.floor(p / SIZE) * layout.cell,
                                      width: layout.cell, height: layout.cell, class: "cell"}, inputs));
    }
    svg("text", {x: layout.inputX, y: layout.inputY - 10, class: "label"}).textContent = "784 inputs";
    drawing.edges = svg("g", {class: "edges", "aria-hidden": "true"});
    const names = ["first hidden layer", "second hidden layer", "output layer"];
    NET.sizes.slice(1).forEach(function (size, l) {
      const group = svg("g", {role: "group", "aria-label": names[l] || "layer " + (l + 1)});
      const column = [];
      const r = Math.min(9, (layout.bottom - layout.top) / size / 2 - 1);
      for (let j = 0; j < size; j++) {
        const g = svg("g", {role: "button", tabindex: "0", class: "neuron", "data-layer": l + 1, "data-neuron": j}, group);
        svg("circle", {cx: layout.columns[l], cy: neuronY(size, j), r: r}, g);
        if (l === NET.sizes.length - 2) {
          svg("text", {x: layout.columns[l] + 16, y: neuronY(size, j) + 4, class: "label"}, g).textContent = String(j);
        }
        g.addEventListener("click", function () { openNeuron(l + 1, j); });
        g.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openNeuron(l + 1, j); }
        });
        column.push(g);
      }
      drawing.circles.push(column);
    });
    // The same neurons as a list, easier than small circles on a phone.
    const choice = $("neuron-choice");
    NET.sizes.slice(1).forEach(function (size, l) {
      const group = doc.createElement("optgroup");
      group.label = names[l] || "layer " + (l + 1);
      for (let j = 0; j < size; j++) {
        const option = doc.createElement("option");
        option.value = (l + 1) + ":" + j;
        option.textContent = (l === NET.sizes.length - 2 ? "output " : "neuron ") + j;
        group.appendChild(option);
      }
      choice.appendChild(group);
    });
    choice.addEventListener("change", function () {
      if (!choice.value) return;
      const [layer, j] = choice.value.split(":").map(Number);
      openNeuron(layer, j);
    });
  }

  function sourcePoint(l, i) {  // where an edge into layer l + 1 starts
    if (l === 0) return [layout.inputX + (i % SIZE + 0.5) * layout.cell, layout.inputY + (Math.floor(i / SIZE) + 0.5) * layout.cell];
    return [layout.columns[l - 1], neuronY(NET.sizes[l], i)];
  }

  function drawEdges(trace) {
    drawing.edges.textContent = "";
    const inputs = [state.pixels].concat(trace.activations);
    NET.weights.forEach(function (w, l) {
      const a = inputs[l], nIn = a.length, nOut = NET.sizes[l + 1], terms = [];
      for (let j = 0; j < nOut; j++) for (let i = 0; i < nIn; i++) {
        const c = w[j * nIn + i] * a[i];
        if (c !== 0) terms.push([Math.abs(c), c, i, j]);
      }
      terms.sort(function (x, y) { return y[0] - x[0]; });
      const shown = terms.slice(0, DATA.edgesShown[l]);
      const most = shown.length ? shown[0][0] : 1;
      for (const [size, c, i, j] of shown) {
        const [x1, y1] = sourcePoint(l, i);
        svg("line", {x1: x1, y1: y1, x2: layout.columns[l], y2: neuronY(nOut, j), class: c > 0 ? "pos" : "neg",
                     "stroke-width": (0.4 + 2.6 * size / most).toFixed(2), "stroke-opacity": (0.35 + 0.65 * size / most).toFixed(2)}, drawing.edges);
      }
    });
  }

  function showNetwork(trace) {
    for (let p = 0; p < PIXELS; p++) drawing.cells[p].setAttribute("fill-opacity", state.pixels[p].toFixed(3));
    trace.activations.forEach(function (a, l) {
      a.forEach(function (value, j) {
        const g = drawing.circles[l][j];
        g.querySelector("circle").setAttribute("fill-opacity", Math.min(1, value).toFixed(3));
        const name = l === NET.sizes.length - 2 ? "output " + j : "layer " + (l + 1) + " neuron " + j;
        g.setAttribute("aria-label", name + ", activation " + written(value) + ": open");
      });
    });
    drawEdges(trace);
  }

  function showBars(trace) {
    const bars = $("bars");
    const output = trace.activations[trace.activations.length - 1];
    if (!bars.children.length) {
      for (let k = 0; k < output.length; k++) {
        const row = doc.createElement("div");
        row.className = "bar";
        row.innerHTML = '<span class="digit-name"></span><span class="track" aria-hidden="true"><span class="fill"></span></span><span class="value"></span>';
        row.querySelector(".digit-name").textContent = String(k);
        bars.appendChild(row);
      }
    }
    output.forEach(function (value, k) {
      const row = bars.children[k];
      row.querySelector(".fill").style.width = (100 * value).toFixed(1) + "%";
      row.querySelector(".value").textContent = written(value);
      row.classList.toggle("best", k === trace.answer);
    });
  }

  function update() {
    const trace = run(NET, state.pixels);
    state.trace = trace;
    paint($("seen"), state.pixels);
    showNetwork(trace);
    showBars(trace);
    const output = trace.activations[trace.activations.length - 1];
    $("answer").textContent = state.source === "none" ? "Draw a digit: the network answers here."
      : "The network answers " + trace.answer + " (output " + written(output[trace.answer]) + ").";
    $("answer").dataset.answer = String(trace.answer);
    if (state.neuron) openNeuron(state.neuron[0], state.neuron[1], true);
    showCheckpoint();
  }

  function setPixels(pixels, source, steps) {
    state.pixels = Float64Array.from(pixels);
    state.source = source;
    $("status").textContent = steps ? steps.join("; ") + "." : "";
    update();
  }

  // A neuron opened: its weights as a picture over its inputs, w·a, b, z and f(z), written as the neuron beats write them.
  function openNeuron(layer, j, quiet) {
    state.neuron = [layer, j];
    const nIn = NET.sizes[layer - 1], w = NET.weights[layer - 1].subarray(j * nIn, (j + 1) * nIn);
    const a = layer === 1 ? state.pixels : state.trace.activations[layer - 2];
    let wa = 0;
    for (let i = 0; i < nIn; i++) wa += w[i] * a[i];
    const b = NET.biases[layer - 1][j], z = state.trace.zs[layer - 1][j], act = state.trace.activations[layer - 1][j];
    const fname = NET.activations[layer - 1] === "relu" && layer < NET.sizes.length - 1 ? "ReLU" : "σ";
    const d = decimalsThatAddUp([wa, b], z);
    const panel = $("neuron");
    panel.hidden = false;
    panel.dataset.layer = layer;
    panel.dataset.neuron = j;
    const last = layer === NET.sizes.length - 1;
    $("h-neuron").textContent = last ? "Output neuron " + j + " (the digit " + j + ")" : "Neuron " + j + " of hidden layer " + layer;
    const picture = $("neuron-picture");
    picture.classList.toggle("strip", layer !== 1);  // a row of weights, not a picture
    if (layer === 1) {
      picture.width = SIZE; picture.height = SIZE;
      paint(picture, a, w);
      picture.setAttribute("aria-label", "Its 784 weights as a 28 by 28 picture over your digit: blue positive, red negative");
      $("neuron-about").textContent = "Its 784 weights, one per pixel, drawn over your digit: blue where ink raises the sum, red where it lowers it.";
    } else {
      picture.width = nIn; picture.height = 1;
      const ctx = picture.getContext("2d"), image = ctx.createImageData(nIn, 1);
      let most = 0;
      for (const v of w) most = Math.max(most, Math.abs(v));
      for (let i = 0; i < nIn; i++) {
        const s = w[i] / most, g = Math.round(255 * Math.min(1, a[i])), hue = s >= 0 ? [88, 166, 255] : [255, 92, 92];
        image.data.set(hue.map(function (c) { return Math.round(g * (1 - Math.abs(s)) + c * Math.abs(s)); }).concat(255), 4 * i);
      }
      ctx.putImageData(image, 0, 0);
      picture.setAttribute("aria-label", "Its " + nIn + " weights, one per neuron of the layer before, over their activations");
      $("neuron-about").textContent = "Its " + nIn + " weights, one per neuron of the layer before (blue positive, red negative), over their activations.";
    }
    $("n-wa").textContent = written(wa, d);
    $("n-b").textContent = written(b, d);
    $("n-z").textContent = written(z, d);
    $("n-f-name").textContent = fname + "(z), its activation";
    $("n-a").textContent = written(act);
    $("n-written").textContent = fname + "(" + written(wa, d) + (b < 0 ? " − " : " + ") + written(Math.abs(b), d) + ") = "
      + fname + "(" + written(z, d) + ") = " + written(act);
    if (!quiet) $("h-neuron").focus();
  }

  // Training replayed: the answer and first-layer pictures of each checkpoint for the student's digit.
  function showCheckpoint() {
    const k = Number($("epoch").value), checkpoint = CHECKPOINTS[k];
    const epoch = DATA.checkpoints.epochs[k], accuracy = DATA.checkpoints.testAccuracy[k];
    const trace = run(checkpoint, state.pixels), output = trace.activations[trace.activations.length - 1];
    $("epoch-value").textContent = String(epoch);
    $("epoch").setAttribute("aria-valuetext", epoch + " epochs");
    const answer = $("epoch-answer");
    answer.dataset.answer = String(trace.answer);
    answer.textContent = "After " + epoch + " epoch" + (epoch === 1 ? "" : "s") + " (" + (100 * accuracy).toFixed(2)
      + "% right on the 10,000 test digits) it answers " + trace.answer + " for your digit (output " + written(output[trace.answer]) + ").";
    const grid = $("first-layer");
    const n = checkpoint.sizes[1], nIn = checkpoint.sizes[0];
    if (grid.children.length !== n) {
      grid.textContent = "";
      for (let j = 0; j < n; j++) {
        const c = doc.createElement("canvas");
        c.width = SIZE; c.height = SIZE;
        c.setAttribute("role", "img");
        grid.appendChild(c);
      }
    }
    for (let j = 0; j < n; j++) {
      const c = grid.children[j];
      paint(c, null, checkpoint.weights[0].subarray(j * nIn, (j + 1) * nIn));
      c.setAttribute("aria-label", "Neuron " + j + "'s weights after " + epoch + " epochs; its activation for your digit " + written(trace.activations[0][j]));
    }
  }

  // The drawing pad: Pointer Events (mouse, touch, pen), a round pen of MNIST-like width, ink white on black.
  function setUpPad() {
    const pad = $("pad"), ctx = pad.getContext("2d");
    const side = DATA.pad.side;
    function clear() {
      ctx.fillStyle = "#000";
      ctx.fillRect(0, 0, side, side);
    }
    clear();
    let last = null;
    function at(e) {
      const r = pad.getBoundingClientRect();
      return [(e.clientX - r.left) * side / r.width, (e.clientY - r.top) * side / r.height];
    }
    function line(from, to) {
      ctx.strokeStyle = "#fff";
      ctx.lineWidth = DATA.pad.pen * side;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.beginPath();
      ctx.moveTo(from[0], from[1]);
      ctx.lineTo(to[0], to[1]);
      ctx.stroke();
    }
    let pending = false;
    function prepareSoon() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; readPad(); });
    }
    pad.addEventListener("pointerdown", function (e) {
      e.preventDefault();
      pad.setPointerCapture(e.pointerId);
      last = at(e);
      line(last, last);
      prepareSoon();
    });
    pad.addEventListener("pointermove", function (e) {
      if (last === null) return;
      const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
      for (const ev of events.length ? events : [e]) { const p = at(ev); line(last, p); last = p; }
      prepareSoon();
    });
    function stop() { if (last !== null) { last = null; readPad(); } }
    pad.addEventListener("pointerup", stop);
    pad.addEventListener("pointercancel", stop);
    $("clear").addEventListener("click", function () {
      clear();
      state.source = "none";
      setPixels(new Float64Array(PIXELS), "none", null);
    });
    function readPad() {
      const prepared = prepareWithSteps(ctx.getImageData(0, 0, side, side));
      if (prepared.pixels === null) { $("status").textContent = "Nothing to read yet: draw a digit."; return; }
      setPixels(prepared.pixels, "drawing", null);
    }
  }

  // A photo: decoded by the browser (EXIF orientation applied), reduced to netcore's working size, then prepared.
  function preparePhoto(blob) {
    return createImageBitmap(blob).then(function (bitmap) {
      const f = Math.min(1, RULES.workSide / Math.max(bitmap.width, bitmap.height));
      const w = Math.max(1, Math.round(bitmap.width * f)), h = Math.max(1, Math.round(bitmap.height * f));
      const canvas = doc.createElement("canvas");
      canvas.width = w; canvas.height = h;
      const ctx = canvas.getContext("2d", {willReadFrequently: true});
      ctx.imageSmoothingQuality = "high";
      ctx.drawImage(bitmap, 0, 0, w, h);
      bitmap.close();
      return prepareWithSteps(ctx.getImageData(0, 0, w, h));
    });
  }

  function setUpPhoto() {
    $("photo").addEventListener("change", function (e) {
      const file = e.target.files[0];
      if (!file) return;
      $("status").textContent = "Reading " + file.name + "…";
      preparePhoto(file).then(function (prepared) {
        if (prepared.pixels === null) {
          $("status").textContent = file.name + ": " + prepared.steps[prepared.steps.length - 1] + ".";
          $("photo").dataset.read = "failed";
          return;
        }
        setPixels(prepared.pixels, "photo", [file.name].concat(prepared.steps));
        $("photo").dataset.read = "done";
      }, function () {
        $("status").textContent = file.name + ": not an image this browser can read.";
        $("photo").dataset.read = "failed";
      });
    });
  }

  // Questions: check or reveal, with the explanation; the video pauses at each question's moment when asked to.
  function setUpQuestions() {
    for (const canvas of doc.querySelectorAll("canvas.digit")) {
      const q = DATA.questions[Number(canvas.dataset.question)];
      paint(canvas, canvas.dataset.choice === undefined ? q.pixels : q.choices[Number(canvas.dataset.choice)].pixels);
    }
    for (const item of doc.querySelectorAll("li.question")) {
      const q = DATA.questions[Number(item.dataset.index)], verdict = item.querySelector(".verdict");
      const right = q.choices[q.answer].text;
      item.querySelector(".check").addEventListener("click", function () {
        const picked = item.querySelector("input:checked");
        if (!picked) { verdict.textContent = "Choose an answer first."; return; }
        const ok = Number(picked.value) === q.answer;
        verdict.textContent = (ok ? "Right: " : "Not quite: the answer is " + right + ". ") + q.explanation;
        verdict.dataset.state = ok ? "right" : "wrong";
      });
      item.querySelector(".reveal").addEventListener("click", function () {
        item.querySelectorAll("input")[q.answer].checked = true;
        verdict.textContent = "The answer is " + right + ". " + q.explanation;
        verdict.dataset.state = "revealed";
      });
    }
    const video = $("lesson-video"), toggle = $("pause-at-questions");
    let before = 0, jumped = false;
    // A seek is a jump, not playing through a moment: the first time update after it only notes where it landed.
    video.addEventListener("seeking", function () { jumped = true; });
    video.addEventListener("timeupdate", function () {
      const now = video.currentTime;
      if (jumped || video.seeking) { jumped = video.seeking; before = now; return; }
      if (toggle.checked && now > before) {
        DATA.questions.forEach(function (q, i) {
          if (q.moment !== null && before < q.moment && q.moment <= now) {
            video.pause();
            const item = $("question-" + i);
            item.scrollIntoView({block: "nearest"});
            item.focus();
          }
        });
      }
      before = now;
    });
  }

  $("video-digit").addEventListener("click", function () {
    setPixels(DATA.digit.pixels, "video", ["The video's digit: " + DATA.digit.description]);
  });
  $("neuron-close").addEventListener("click", function () {
    const [layer, j] = state.neuron;
    state.neuron = null;
    $("neuron").hidden = true;
    drawing.circles[layer - 1][j].focus();
  });
  $("epoch").addEventListener("input", showCheckpoint);

  buildNetwork();
  setUpPad();
  setUpPhoto();
  setUpQuestions();
  update();

  window.explainer = {
    /** The network's answer for 784 pixels in [0, 1]: {activations: [a1, a2, a3], zs: [z1, z2, z3], answer}. */
    forward: function (pixels) {
      const t = run(NET, checkedPixels(pixels));
      return {activations: t.activations.map(function (a) { return Array.from(a); }), zs: t.zs.map(function (a) { return Array.from(a); }), answer: t.answer};
    },
    /** The same for checkpoint k of the training replay (0 .. checkpoints.length - 1). */
    forwardAt: function (k, pixels) {
      const t = run(CHECKPOINTS[k], checkedPixels(pixels));
      return {activations: t.activations.map(function (a) { return Array.from(a); }), answer: t.answer};
    },
    /** 784 numbers in [0, 1] for a picture of a digit (an ImageData), as netcore.preprocess prepares it; null when no digit is found. */
    prepare: function (imageData) {
      const prepared = prepareWithSteps(imageData);
      return prepared.pixels === null ? null : Array.from(prepared.pixels);
    },
    /** A photo (a File or Blob): a promise of {pixels, steps}, decoded and reduced as the page does when one is opened. */
    preparePhoto: function (blob) {
      return preparePhoto(blob).then(function (p) { return {pixels: p.pixels && Array.from(p.pixels), steps: p.steps}; });
    },
    /** Show these 784 pixels as the student's digit. */
    show: function (pixels) { setPixels(pixels, "script", null); },
    /** What the page shows now: the input, the answer, the opened neuron. */
    state: function () { return {pixels: Array.from(state.pixels), answer: state.trace.answer, neuron: state.neuron}; },
    checkpoints: DATA.checkpoints.epochs.slice(),
  };
})();
