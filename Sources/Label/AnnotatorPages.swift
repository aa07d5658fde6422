import Foundation

/// The pages an annotator sees.
enum AnnotatorPages {
    static func login(error: String? = nil) -> String {
        HTML.page(title: "Log in", body: """
            <h1>Labeling: log in</h1>
            \(error.map { "<p class=\"error\">\(HTML.escape($0))</p>" } ?? "")
            <form method="post" action="/login">
            <label>Your personal token <input id="token" name="token" type="password" size="72" autofocus autocomplete="off"></label>
            <button type="submit">Log in</button>
            </form>
            """)
    }

    static func header(name: String, csrf: String, progress: String) -> String {
        """
        <header><span class="grow">Signed in as <b>\(HTML.escape(name))</b></span>\(progress)
        <a href="/guidelines" target="_blank" accesskey="g">Guidelines</a>
        <form method="post" action="/logout"><input type="hidden" name="csrf" value="\(csrf)"><button>Log out</button></form></header>
        """
    }

    static func done(name: String, csrf: String, done: Int) -> String {
        HTML.page(title: "All done", body: header(name: name, csrf: csrf, progress: "") + """
            <h1 id="done">All done — thank you!</h1><p>You answered \(done) items. There is nothing left in your queue.</p>
            """)
    }

    static func guidelines(text: String) -> String {
        HTML.page(title: "Guidelines", body: "<h1>Labeling guidelines</h1><div class=\"prompt\">\(HTML.escape(text))</div>")
    }

    static func error(status: Int, message: String) -> String {
        HTML.page(title: "Error \(status)", body: """
            <h1>Error \(status)</h1><p class="error" id="error">\(HTML.escape(message))</p><p><a href="/label">Back to labeling</a></p>
            """)
    }

    /// The labeling page: responses in the annotator's recorded order, labeled A, B, C…
    static func item(_ item: QueueItem, name: String, csrf: String, maxReason: Int) -> String {
        let k = item.shownOrder.count
        let letters = (0..<k).map { String(UnicodeScalar(UInt8(65 + $0))) }
        let responses = item.shownOrder.enumerated().map { position, index in
            """
            <div class="response" id="response-\(position + 1)" data-position="\(position + 1)">
            <h3>\(letters[position]) <kbd>\(position + 1)</kbd></h3>\(HTML.escape(item.task.task.completions[index]))</div>
            """
        }.joined()
        let instruction = k == 2
            ? "Press <kbd>1</kbd> or <kbd>2</kbd> for the better response"
            : "Press <kbd>1</kbd>…<kbd>\(k)</kbd> from best to worst (<kbd>Backspace</kbd> undoes)"
        let confidence = (1...4).map {
            "<label><input type=\"radio\" name=\"confidence\" value=\"\($0)\">\($0)</label>"
        }.joined(separator: " ")
        let progress = "<span id=\"progress\">\(item.done + 1) of \(item.total)</span><progress value=\"\(item.done)\" max=\"\(max(item.total, 1))\"></progress>"
        let body = header(name: name, csrf: csrf, progress: progress) + """
            <div class="prompt" id="prompt">\(HTML.escape(item.task.task.prompt))</div>
            <div class="responses">\(responses)</div>
            <form method="post" action="/label" id="label-form">
            <input type="hidden" name="csrf" value="\(csrf)"><input type="hidden" name="task" value="\(item.task.id)">
            <p>\(instruction), then optionally <kbd>1</kbd>–<kbd>4</kbd> for your confidence, then <kbd>Enter</kbd>.
            <kbd>r</kbd> writes a reason, <kbd>s</kbd> skips, <kbd>g</kbd> opens the guidelines.</p>
            <p class="status" id="status"></p>
            <label>Ranking (positions, best first) <input name="ranking" id="ranking" size="12" pattern="[1-9](,[1-9])*" required></label>
            <span>Confidence (1 = a guess, 4 = sure): \(confidence)</span>
            <p><label>Reason (optional, at most \(maxReason) characters)<textarea name="reason" id="reason" rows="2" maxlength="\(maxReason)"></textarea></label></p>
            <button type="submit" id="submit">Submit (Enter)</button>
            </form>
            <details id="skip-box"><summary>Skip this item (<kbd>s</kbd>)</summary>
            <form method="post" action="/skip" id="skip-form">
            <input type="hidden" name="csrf" value="\(csrf)"><input type="hidden" name="task" value="\(item.task.id)">
            <label>Why skip? (required)<textarea name="reason" id="skip-reason" rows="2" maxlength="\(maxReason)" required></textarea></label>
            <button type="submit">Skip</button></form></details>
            """
        return HTML.page(title: "\(item.done + 1) of \(item.total)", body: body, script: keyboardScript(k: k))
    }

    /// Keyboard shortcuts: digits rank (a pair needs one), the next digit is the confidence,
    /// Enter submits; r/s/g focus the reason, open the skip box, open the guidelines.
    static func keyboardScript(k: Int) -> String {
        """
        (function(){
        const k=\(k), letters="ABCDEFGHI";
        let ranking=[], confidence=null;
        const form=document.getElementById("label-form"), rankInput=document.getElementById("ranking");
        const status=document.getElementById("status");
        function complete(){return ranking.length===k}
        function render(){
          document.querySelectorAll(".response").forEach(function(el){
            const p=Number(el.dataset.position), at=ranking.indexOf(p);
            el.classList.toggle("rank1", at===0); el.classList.toggle("ranked", at>0);
          });
          rankInput.value=ranking.join(",");
          document.querySelectorAll("input[name=confidence]").forEach(function(r){r.checked=(Number(r.value)===confidence)});
          let text=ranking.length?("Ranking: "+ranking.map(function(p){return letters[p-1]}).join(" > ")):"";
          if(confidence!==null) text+="; confidence "+confidence;
          if(complete()) text+=" — press Enter to submit";
          status.textContent=text;
        }
        rankInput.addEventListener("change",function(){
          ranking=rankInput.value.split(",").map(Number).filter(function(p){return p>=1&&p<=k});
          if(k===2&&ranking.length===1) ranking.push(3-ranking[0]); render();
        });
        document.querySelectorAll("input[name=confidence]").forEach(function(r){
          r.addEventListener("change",function(){confidence=Number(r.value); render()});
        });
        document.addEventListener("keydown",function(e){
          const t=e.target.tagName;
          if(t==="TEXTAREA"||(t==="INPUT"&&e.target.type!=="radio")){
            if(e.key==="Escape") e.target.blur();
            if(e.key==="Enter"&&e.ctrlKey){e.preventDefault(); e.target.form.requestSubmit()}
            return;
          }
          if(e.ctrlKey||e.altKey||e.metaKey) return;
          const d=Number(e.key);
          if(e.key.length===1&&d>=1&&d<=9){
            if(!complete()){
              if(d<=k&&ranking.indexOf(d)<0){ranking.push(d); if(ranking.length===k-1){
                for(let p=1;p<=k;p++){if(ranking.indexOf(p)<0){ranking.push(p)}}}}
            } else if(d<=4){confidence=d}
            render(); e.preventDefault();
          } else if(e.key==="Backspace"){
            if(confidence!==null){confidence=null}else{ranking.pop(); if(ranking.length===k-1) ranking.pop()}
            render(); e.preventDefault();
          } else if(e.key==="Enter"){
            e.preventDefault(); if(complete()) form.requestSubmit(); else status.textContent="Rank the responses first.";
          } else if(e.key==="r"){e.preventDefault(); document.getElementById("reason").focus()}
          else if(e.key==="s"){e.preventDefault(); document.getElementById("skip-box").open=true; document.getElementById("skip-reason").focus()}
          else if(e.key==="g"){e.preventDefault(); window.open("/guidelines","_blank")}
        });
        render();
        })();
        """
    }
}
