// Maps of the web pages, drawn with the pinned Leaflet served by this app: no tiles, no
// other origin (the office network or a phone on a weak signal needs nothing else).
// #day-map: the team's route and numbered stops. #dash-map: kecamatan shaded by IKD rate.
(function () {
  "use strict";
  if (typeof L === "undefined") return;

  function dayMap(el) {
    var d = JSON.parse(el.dataset.map);
    var map = L.map(el, { zoomControl: true, attributionControl: false });
    var pts = d.route.length ? d.route : d.stops.map(function (s) { return [s.lat, s.lon]; });
    if (!pts.length) return;
    L.polyline(pts, { color: "#0b5cad", weight: 4, opacity: 0.8, className: "ikd-route" }).addTo(map);
    if (d.base) {
      L.marker(d.base, { icon: L.divIcon({ className: "ikd-num ikd-base", html: "", iconSize: [24, 24] }) }).addTo(map);
    }
    d.stops.forEach(function (s) {
      var icon = L.divIcon({ className: "ikd-num ikd-stop", html: String(s.n), iconSize: [24, 24] });
      var m = L.marker([s.lat, s.lon], { icon: icon }).addTo(map);
      var tip = document.createElement("span");
      tip.textContent = s.n + ". " + s.time + " " + s.name; // text, never markup
      m.bindTooltip(tip);
    });
    map.fitBounds(L.latLngBounds(pts), { padding: [20, 20] });
  }

  function colour(rate, target, national) {
    if (rate >= national) return "#1b6e20";
    if (rate >= target) return "#66a942";
    if (rate >= target / 2) return "#e0a526";
    return "#c4452b";
  }

  function dashMap(el) {
    var d = JSON.parse(el.dataset.map);
    var map = L.map(el, { attributionControl: false });
    fetch(el.dataset.geojson, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (gj) {
        var layer = L.geoJSON(gj, {
          style: function (f) {
            var r = d.rates[f.properties.name] || 0;
            return { color: "#333", weight: 1, fillOpacity: 0.6,
                     fillColor: colour(r, d.target, d.national), className: "ikd-kec" };
          },
          onEachFeature: function (f, lyr) {
            var tip = document.createElement("span");
            var r = d.rates[f.properties.name] || 0;
            tip.textContent = f.properties.name + ": " + (100 * r).toFixed(1) + " %";
            lyr.bindTooltip(tip);
          }
        }).addTo(map);
        map.fitBounds(layer.getBounds());
      });
  }

  var day = document.getElementById("day-map");
  if (day) dayMap(day);
  var dash = document.getElementById("dash-map");
  if (dash) dashMap(dash);
})();
