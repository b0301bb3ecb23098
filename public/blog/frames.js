// Sizes every iframe embed of Attention Playground on this page to its content: embed.html posts
// {type: "attention-playground:height", height}. The same two lines as README's snippet, as a file,
// because this page's Content-Security-Policy allows no inline script.
addEventListener("message", (e) => {
  for (const f of document.querySelectorAll("iframe"))
    if (f.contentWindow === e.source && e.data?.type === "attention-playground:height")
      f.height = e.data.height;
});
