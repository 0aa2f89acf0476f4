#compdef desk

__desk_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__desk_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __desk_complete "${completions[@]:0:-1}"
    fi
}

__desk_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_desk() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'list:List the tickets in your scope, newest first.'
            'show:A ticket with its conversation.'
            'search:Find tickets by words in titles, descriptions, replies and notes (all words must occur).'
            'sla:Open tickets whose SLA is breached or at risk (80 % used), most urgent first.'
            'report:Tickets by network, Schulträger, category and status; SLA compliance and median times.'
            'open:Open a ticket for a school, on behalf of its requester.'
            'reply:Answer the requester (public: they are told).'
            'note:Add an internal note (never sent to the requester).'
            'phone:Record a phone call: what the requester said goes on the ticket as their entry.'
            'pending:Wait on the requester: the SLA clock pauses until they answer or you reopen.'
            'resolve:Resolve a ticket with the solution (the requester is told).'
            'close:Close resolved tickets.'
            'reopen:Reopen resolved or closed tickets (within the window).'
            'escalate:Hand tickets to level 2: the IT group of the school'\''s Schulträger.'
            'deescalate:Hand tickets back to level 1.'
            'set:Change tickets'\'' priority (the SLA targets follow), category or tags.'
            'take:Assign tickets to yourself.'
            'give:Assign tickets to another agent.'
            'unassign:Take tickets off anyone'\''s list.'
            'merge:Merge tickets into another of the same school: their text goes along, they close as merged.'
            'link:Link related tickets: each to the last one given (or to --to).'
            'macro:Canned replies per network: list, show, new, apply.'
            'kb:The knowledge base: articles for self-help and for agents.'
            'needs:The survey of support needs (Bedarfserhebung), one per network and school year.'
            'quarantine:Mail the desk could not take: unknown or forged senders, too large, unreadable.'
            'attachment:Files kept on tickets (from mails).'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        list|show|search|sla|report|open|reply|note|phone|pending|resolve|close|reopen|escalate|deescalate|set|take|give|unassign|merge|link|macro|kb|needs|quarantine|attachment|help)
            "_desk_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_desk_list() {
    local -i ret=1
    local -ar ___category=('hardware' 'network' 'learning-platform' 'accounts' 'software' 'devices' 'data-protection' 'other')
    local -ar ___priority=('low' 'normal' 'high' 'critical')
    local -ar ___sort=('newest' 'oldest' 'priority')
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*--status[Status (repeat, or comma-separated)\: new, open, pending, resolved, closed, merged.]:status:'
        '--level[Level\: 1 or 2.]:level:'
        '--school[A school'\''s Schulnummer.]:school:'
        '--schultraeger[A Schulträger'\''s id.]:schultraeger:'
        '--network[A network'\''s id.]:network:'
        '--category[Category.]:category:{__desk_complete "${___category[@]}"}'
        '--priority[Priority.]:priority:{__desk_complete "${___priority[@]}"}'
        '--assignee[An agent'\''s id.]:assignee:'
        '--tag[Only tickets with this tag.]:tag:'
        '--mine[Only tickets assigned to you.]'
        '--unassigned[Only tickets nobody has taken.]'
        '--opened-from[Opened on or after this day (yyyy-MM-dd) or time (RFC 3339).]:opened-from:'
        '--opened-until[Opened on or before this day (yyyy-MM-dd) or time (RFC 3339).]:opened-until:'
        '--sort[Order\: newest, oldest or priority.]:sort:{__desk_complete "${___sort[@]}"}'
        '--limit[Tickets per page (1–500).]:limit:'
        '--offset[Tickets to skip (paging).]:offset:'
        '--breaching[Only tickets whose SLA warning or breach was announced and that are still open.]'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '--ids[Print only the ids, one per line (for '\''| desk take -'\'').]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_show() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        ':id:'
        '--history[Every change\: assignments, status steps, escalations, with who and when.]'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_search() {
    local -i ret=1
    local -ar ___category=('hardware' 'network' 'learning-platform' 'accounts' 'software' 'devices' 'data-protection' 'other')
    local -ar ___priority=('low' 'normal' 'high' 'critical')
    local -ar ___sort=('newest' 'oldest' 'priority')
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:words:'
        '*--status[Status (repeat, or comma-separated)\: new, open, pending, resolved, closed, merged.]:status:'
        '--level[Level\: 1 or 2.]:level:'
        '--school[A school'\''s Schulnummer.]:school:'
        '--schultraeger[A Schulträger'\''s id.]:schultraeger:'
        '--network[A network'\''s id.]:network:'
        '--category[Category.]:category:{__desk_complete "${___category[@]}"}'
        '--priority[Priority.]:priority:{__desk_complete "${___priority[@]}"}'
        '--assignee[An agent'\''s id.]:assignee:'
        '--tag[Only tickets with this tag.]:tag:'
        '--mine[Only tickets assigned to you.]'
        '--unassigned[Only tickets nobody has taken.]'
        '--opened-from[Opened on or after this day (yyyy-MM-dd) or time (RFC 3339).]:opened-from:'
        '--opened-until[Opened on or before this day (yyyy-MM-dd) or time (RFC 3339).]:opened-until:'
        '--sort[Order\: newest, oldest or priority.]:sort:{__desk_complete "${___sort[@]}"}'
        '--limit[Tickets per page (1–500).]:limit:'
        '--offset[Tickets to skip (paging).]:offset:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '--ids[Print only the ids, one per line (for '\''| desk take -'\'').]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_sla() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '--ids[Print only the ids, one per line (for '\''| desk take -'\'').]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_report() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '--network[One network'\''s id.]:network:'
        '--from[Tickets opened on or after this day (yyyy-MM-dd).]:from:'
        '--until[Tickets opened on or before this day (yyyy-MM-dd).]:until:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_open() {
    local -i ret=1
    local -ar ___category=('hardware' 'network' 'learning-platform' 'accounts' 'software' 'devices' 'data-protection' 'other')
    local -ar ___priority=('low' 'normal' 'high' 'critical')
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '--school[The school'\''s Schulnummer.]:school:'
        '--title[A short title.]:title:'
        '--category[Category.]:category:{__desk_complete "${___category[@]}"}'
        '--priority[Priority.]:priority:{__desk_complete "${___priority[@]}"}'
        '--requester[Who asks\: '\''Name <email>'\''.]:requester:'
        '(-m --message)'{-m,--message}'[The text.]:message:'
        '(-F --file)'{-F,--file}'[Read the text from a file ('\''-'\''\: standard input).]:file:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_reply() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '(-m --message)'{-m,--message}'[The text.]:message:'
        '(-F --file)'{-F,--file}'[Read the text from a file ('\''-'\''\: standard input).]:file:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_note() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '(-m --message)'{-m,--message}'[The text.]:message:'
        '(-F --file)'{-F,--file}'[Read the text from a file ('\''-'\''\: standard input).]:file:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_phone() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '(-m --message)'{-m,--message}'[The text.]:message:'
        '(-F --file)'{-F,--file}'[Read the text from a file ('\''-'\''\: standard input).]:file:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_pending() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '(-m --message)'{-m,--message}'[What you need from the requester (public).]:message:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_resolve() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '(-m --message)'{-m,--message}'[The text.]:message:'
        '(-F --file)'{-F,--file}'[Read the text from a file ('\''-'\''\: standard input).]:file:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_close() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_reopen() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '(-m --message)'{-m,--message}'[Why.]:message:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_escalate() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '--reason[Why level 2 must take it (required).]:reason:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_deescalate() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '--reason[Why.]:reason:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_set() {
    local -i ret=1
    local -ar ___priority=('low' 'normal' 'high' 'critical')
    local -ar ___category=('hardware' 'network' 'learning-platform' 'accounts' 'software' 'devices' 'data-protection' 'other')
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '--priority[The new priority.]:priority:{__desk_complete "${___priority[@]}"}'
        '--category[The new category.]:category:{__desk_complete "${___category[@]}"}'
        '*--tag[A tag to add (repeat).]:tag:'
        '*--untag[A tag to remove (repeat).]:untag:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_take() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_give() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '--to[The agent'\''s id.]:to:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_unassign() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_merge() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '--into[The ticket they go into (without it\: the last id given).]:into:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_link() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:ids:'
        '--to[The ticket they are linked to (without it\: the last id given).]:to:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_macro() {
    local -i ret=1
    local -ar arg_specs=(
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'list:The canned replies you may use.'
            'show:A canned reply, with its placeholders.'
            'new:Write a canned reply (or replace one with --replace); the text from -m, -F, stdin or the editor.'
            'apply:Reply to tickets with a canned reply, filled in for each (--note: an internal note).'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        list|show|new|apply)
            "_desk_macro_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_desk_macro_list() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '--network[Only one network'\''s (and those for every network).]:network:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_macro_show() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        ':id:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_macro_new() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '--title[The title agents pick it by.]:title:'
        '--network[The network it is for (admins may leave it out\: every network).]:network:'
        '--replace[The id of a macro this one replaces.]:replace:'
        '(-m --message)'{-m,--message}'[The text.]:message:'
        '(-F --file)'{-F,--file}'[Read the text from a file ('\''-'\''\: standard input).]:file:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_macro_apply() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        ':macro:'
        '*:ids:'
        '--note[Add it as an internal note, not a public reply.]'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_kb() {
    local -i ret=1
    local -ar arg_specs=(
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'search:Find articles by words, best match first.'
            'show:An article.'
            'new:Write an article; the text comes from -m, -F, standard input or the editor.'
            'from-ticket:Turn a solved ticket into an article: its description and solution, unless you give them.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        search|show|new|from-ticket)
            "_desk_kb_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_desk_kb_search() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '*:words:'
        '--network[Only one network'\''s articles (and those for every network).]:network:'
        '--limit[How many (1–100).]:limit:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_kb_show() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        ':id:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_kb_new() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '--title[The title.]:title:'
        '--network[The network it is for (coordinators and admins may leave it out\: every network).]:network:'
        '*--tag[A tag (repeat).]:tag:'
        '--public[Show it on the portal to everyone (parents, teachers), not only to agents.]'
        '(-m --message)'{-m,--message}'[The text.]:message:'
        '(-F --file)'{-F,--file}'[Read the text from a file ('\''-'\''\: standard input).]:file:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_kb_from-ticket() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        ':ticket:'
        '--title[A title other than the ticket'\''s.]:title:'
        '*--tag[A tag (repeat).]:tag:'
        '--public[Show it on the portal to everyone (parents, teachers), not only to agents.]'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_needs() {
    local -i ret=1
    local -ar arg_specs=(
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'surveys:The surveys of your networks, newest first.'
            'open:Open a network'\''s survey of a school year (again: change its areas).'
            'close:Close a network'\''s survey of a school year; its answers stay for the reports.'
            'record:Record a school'\''s need in one area for the open survey (the latest answer per area counts).'
            'report:A school year'\''s needs per network, Schulträger, area and urgency, beside the year before.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        surveys|open|close|record|report)
            "_desk_needs_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_desk_needs_surveys() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '--network[One network'\''s id.]:network:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_needs_open() {
    local -i ret=1
    local -ar ___area=('hardware' 'network' 'learning-platform' 'accounts' 'software' 'devices' 'data-protection' 'training' 'other')
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '--network[The network'\''s id.]:network:'
        '--year[The school year, e.g. 2026/27.]:year:'
        '*--area[An area it asks about (repeat; all when none).]:area:{__desk_complete "${___area[@]}"}'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_needs_close() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '--network[The network'\''s id.]:network:'
        '--year[The school year, e.g. 2026/27.]:year:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_needs_record() {
    local -i ret=1
    local -ar ___area=('hardware' 'network' 'learning-platform' 'accounts' 'software' 'devices' 'data-protection' 'training' 'other')
    local -ar ___urgency=('low' 'medium' 'high')
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '--school[The school'\''s Schulnummer.]:school:'
        '--area[The area.]:area:{__desk_complete "${___area[@]}"}'
        '--urgency[low, medium or high.]:urgency:{__desk_complete "${___urgency[@]}"}'
        '--note[A note.]:note:'
        '--year[The survey'\''s school year (default\: the one open for the school'\''s network).]:year:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_needs_report() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '--network[One network'\''s id.]:network:'
        '--schultraeger[One Schulträger'\''s id.]:schultraeger:'
        '--school[One school'\''s Schulnummer.]:school:'
        '--year[The school year (default\: the newest with a survey).]:year:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_quarantine() {
    local -i ret=1
    local -ar arg_specs=(
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'list:The quarantined mails, newest first.'
            'show:One quarantined mail: why, its headers and text.'
            'accept:Accept a quarantined mail: a new ticket of a school, or a reply on a ticket.'
            'reject:Reject a quarantined mail, and answer its sender if you give an answer.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        list|show|accept|reject)
            "_desk_quarantine_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_desk_quarantine_list() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        '--all[Also those decided already.]'
        '--limit[At most this many (1–500).]:limit:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_quarantine_show() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        ':id:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_quarantine_accept() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        ':id:'
        '--school[A new ticket of this school (Schulnummer).]:school:'
        '--ticket[A reply on this ticket.]:ticket:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_quarantine_reject() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        ':id:'
        '--answer[The answer the sender gets by mail.]:answer:'
        '--json[Print the support desk'\''s answer as JSON, for scripts.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_attachment() {
    local -i ret=1
    local -ar arg_specs=(
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'get:Save an attachment (its id is in desk show), under its own name or -o FILE.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        get)
            "_desk_attachment_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_desk_attachment_get() {
    local -i ret=1
    local -ar arg_specs=(
        '--amqp-url[Broker URI (default\: $RBN_AMQP_URL, then amqp_url in the config file, then amqp\://127.0.0.1\:5672).]:amqp-url:'
        '--agent[Your agent id, which is your broker user (default\: $DESK_AGENT, then agent in the config file).]:agent:'
        '--timeout[Seconds to wait for the support desk'\''s answer (default 10).]:timeout:'
        '--config[The config file (default\: ~/.config/rbn/desk.toml).]:config:'
        ':id:'
        '(--output -o)'{--output,-o}'[Where to save it; - for standard output.]:output:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_desk_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _desk ]]; then
    _desk "${@}"
else
    compdef _desk desk
fi
