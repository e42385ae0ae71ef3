def initiative_panel(request, initiative):
    return None
